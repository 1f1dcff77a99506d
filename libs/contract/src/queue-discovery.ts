import { Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { engineQueueNames } from "./queue-names.js";
import { plainRedisClient, type RedisConnectionOptions } from "./redis-connection.js";
import { scanKeys } from "./scan-keys.js";

export type DehandlerQueueKind = "container-jobs" | "dead-letter";

export interface DehandlerQueueRef {
  /** The BullMQ queue name, e.g. `dehandler.{<engine>}.container-jobs`. */
  name: string;
  engineId: string;
  kind: DehandlerQueueKind;
  /** A jobs queue under its former name (`….container-start`): an engine whose watcher and worker are of an earlier release. */
  former?: true;
}

/** A queue opened for inspection tools (Bull Board): the BullMQ object itself. */
export type InspectedQueue = Queue;

// BullMQ writes `<prefix>:<queue>:meta` as soon as a queue is used and removes it on obliterate,
// so its presence is what "this queue exists" means. "bull" is BullMQ's default prefix, which
// every dehandler process uses.
const META_PATTERN = "bull:dehandler.{*}.*:meta";
const META_KEY = /^bull:(dehandler\.\{([a-z0-9_-]+)\}\.(container-jobs|container-start|dead-letter)):meta$/;

/** The dehandler queue a `bull:…:meta` key belongs to, or undefined for any other key. */
export function queueRefFromMetaKey(key: string): DehandlerQueueRef | undefined {
  const [, name, engineId, suffix] = META_KEY.exec(key) ?? [];
  if (name === undefined || engineId === undefined) return undefined;
  // Only names our own naming would produce: a stray key shaped almost right is not a queue of ours.
  const names = engineQueueNames(engineId);
  if (names.engineId !== engineId) return undefined;
  if (name === names.jobs) return { name, engineId, kind: "container-jobs" };
  if (name === names.formerJobs) return { name, engineId, kind: "container-jobs", former: true };
  if (name === names.deadLetter && suffix === "dead-letter") return { name, engineId, kind: "dead-letter" };
  return undefined;
}

/** Finds every dehandler queue in one Redis, of every engine, by scanning for their meta keys. */
export class QueueDiscovery {
  private readonly redis: Redis | Cluster;
  private closing: Promise<void> | undefined;

  constructor(private readonly connection: RedisConnectionOptions) {
    // A scan must fail rather than wait forever while Redis is away: the caller tries again later.
    this.redis = plainRedisClient(connection, {
      maxRetriesPerRequest: 2,
      lazyConnect: true,
      ...(connection.connectionName === undefined ? {} : { connectionName: `${connection.connectionName}-discovery` }),
    });
  }

  onError(listener: (error: Error) => void): void {
    this.redis.on("error", listener);
  }

  /** The queues present now, sorted by engine then kind (start queue first). */
  async scan(): Promise<DehandlerQueueRef[]> {
    const found = new Map<string, DehandlerQueueRef>();
    if (this.redis.status === "wait") await this.redis.connect();
    for (const key of await scanKeys(this.redis, META_PATTERN)) {
      const ref = queueRefFromMetaKey(key);
      if (ref !== undefined) found.set(ref.name, ref);
    }
    return [...found.values()].sort((a, b) => a.engineId.localeCompare(b.engineId) || a.kind.localeCompare(b.kind));
  }

  /** Opens a queue found by `scan`; the caller closes it. */
  open(ref: DehandlerQueueRef): InspectedQueue {
    // An inspector must not write: without skipMetasUpdate, opening a queue that was obliterated
    // a moment after the scan would bring its meta key back.
    return new Queue(ref.name, { connection: this.connection, skipMetasUpdate: true });
  }

  close(): Promise<void> {
    this.closing ??= this.redis.quit().then(
      () => undefined,
      () => this.redis.disconnect(),
    );
    return this.closing;
  }
}
