import { Queue } from "bullmq";
import { HostChangeLedger } from "./host-change-ledger.js";
import { legacyEngineQueueNames, type EngineQueueNames } from "./queue-names.js";
import { plainRedisClient, type RedisConnectionOptions } from "./redis-connection.js";
import { scanKeys } from "./scan-keys.js";

export interface MigrationOutcome {
  /** Start claims and host-change ledger keys renamed to the hash-tagged names. */
  keys: number;
  /** Start jobs still waiting in the old queue, moved to the new one. */
  jobs: number;
  /** Dead-letter entries moved to the new dead-letter queue. */
  deadLetters: number;
}

const NOTHING: MigrationOutcome = { keys: 0, jobs: 0, deadLetters: 0 };
const WAITING_STATES = ["waiting", "delayed", "prioritized"] as const;

/**
 * Moves an engine's keys from the names before the Redis Cluster hash tag
 * (`dehandler.<engine>.…`) to today's (`dehandler.{<engine>}.…`): start claims and the host-change
 * ledger by RENAME (their expiry kept), waiting start jobs and dead-letter entries by adding them
 * again under their own ids, then removes the old queues. Run by the watcher and the worker
 * before they use the queues, under the engine's host-change lock, so both may run it at once; a
 * marker key makes later starts skip it. Old names never existed on a cluster (it was refused).
 */
export async function migrateLegacyKeys(
  names: EngineQueueNames,
  connection: RedisConnectionOptions,
  /** `signal`: stop waiting (the process stops); `onError`: the connections' errors, while Redis is away or refuses. */
  { signal, onError = () => undefined }: { signal?: AbortSignal; onError?: (error: Error) => void } = {},
): Promise<MigrationOutcome> {
  if (connection.clusterNodes !== undefined || signal?.aborted === true) return NOTHING;
  const legacy = legacyEngineQueueNames(names.engineId);
  const marker = names.legacyKeysMigrated;
  const redis = plainRedisClient(connection, { maxRetriesPerRequest: null });
  redis.on("error", onError);
  const start = new Queue(names.start, { connection });
  start.on("error", onError);
  // Redis may be away for long: a process that stops meanwhile must not wait for it.
  let stopped = false;
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      stopped = true;
      reject(new Error("stopped before this engine's keys could be moved"));
    };
  });
  signal?.addEventListener("abort", onAbort, { once: true });
  const migration = (async () => {
    if ((await redis.exists(marker)) === 1) return NOTHING;
    return await new HostChangeLedger(names, start).withLock(async () => {
      if ((await redis.exists(marker)) === 1) return NOTHING;
      const found = await scanKeys(redis, `*dehandler.${legacy.engineId}.*`);
      const outcome: MigrationOutcome = {
        keys: await renameKeys(redis, found, legacy, names),
        jobs: await moveJobs(legacy.start, start, connection, found),
        deadLetters: await moveDeadLetters(legacy.deadLetter, names.deadLetter, connection, found),
      };
      await redis.set(marker, new Date().toISOString());
      return outcome;
    });
  })();
  migration.catch(() => undefined);
  try {
    return await Promise.race([migration, aborted]);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    redis.disconnect();
    // Closing would wait for a connection that may never come.
    if (stopped) void start.disconnect().catch(() => undefined);
    else await start.close().catch(() => undefined);
  }
}

type PlainRedis = ReturnType<typeof plainRedisClient>;

async function renameKeys(redis: PlainRedis, found: readonly string[], legacy: EngineQueueNames, names: EngineQueueNames): Promise<number> {
  const moves: [from: string, to: string][] = [];
  for (const key of found) {
    if (key === `${legacy.hostChanges}:lock`) await redis.del(key);
    else if (key.startsWith(`${legacy.startClaims}:`)) moves.push([key, names.startClaims + key.slice(legacy.startClaims.length)]);
    else if (key.startsWith(`${legacy.hostChanges}:`)) moves.push([key, names.hostChanges + key.slice(legacy.hostChanges.length)]);
  }
  for (const [from, to] of moves) {
    if ((await redis.renamenx(from, to)) === 1) continue;
    // Already there under the new name (written since the upgrade): merge what the old one adds.
    const type = await redis.type(from);
    if (type === "set") await redis.sunionstore(to, to, from);
    else if (type === "hash") for (const [field, value] of Object.entries(await redis.hgetall(from))) await redis.hsetnx(to, field, value);
    await redis.del(from);
  }
  return moves.length;
}

async function moveJobs(legacyName: string, target: Queue, connection: RedisConnectionOptions, found: readonly string[]): Promise<number> {
  if (!found.includes(`bull:${legacyName}:meta`)) return 0;
  const old = new Queue(legacyName, { connection, skipMetasUpdate: true });
  old.on("error", () => undefined);
  try {
    const jobs = await old.getJobs([...WAITING_STATES]);
    for (const job of jobs) await target.add(job.name, job.data, { ...job.opts, jobId: job.id });
    await old.obliterate({ force: true });
    return jobs.length;
  } finally {
    await old.close().catch(() => undefined);
  }
}

async function moveDeadLetters(legacyName: string, name: string, connection: RedisConnectionOptions, found: readonly string[]): Promise<number> {
  if (!found.includes(`bull:${legacyName}:meta`)) return 0;
  const target = new Queue(name, { connection });
  target.on("error", () => undefined);
  try {
    return await moveJobs(legacyName, target, connection, found);
  } finally {
    await target.close().catch(() => undefined);
  }
}
