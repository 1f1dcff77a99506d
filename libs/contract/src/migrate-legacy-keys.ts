import { Queue } from "bullmq";
import { HostChangeLedger } from "./host-change-ledger.js";
import { legacyEngineQueueNames, type EngineQueueNames } from "./queue-names.js";
import { plainRedisClient, type RedisConnectionOptions } from "./redis-connection.js";
import { moveJobsQueue } from "./move-jobs-queue.js";
import { scanKeys } from "./scan-keys.js";

export interface MigrationOutcome {
  /** Start claims and host-change ledger keys renamed to the hash-tagged names. */
  keys: number;
  /** Start jobs still waiting in the old queue, moved to the new one. */
  jobs: number;
  /** Dead-letter entries moved to the new dead-letter queue. */
  deadLetters: number;
  /** Keys of the jobs queue (every job, whatever its state, and BullMQ's own) moved from its former name. */
  queueKeys: number;
}

const NOTHING: MigrationOutcome = { keys: 0, jobs: 0, deadLetters: 0, queueKeys: 0 };

/** Whether a migration moved anything (then the process says so in its log). */
export function movedAnything(outcome: MigrationOutcome): boolean {
  return outcome.keys + outcome.jobs + outcome.deadLetters + outcome.queueKeys > 0;
}
const WAITING_STATES = ["waiting", "delayed", "prioritized"] as const;

/**
 * Moves an engine's keys of an earlier release to today's names, in two steps, each skipped when
 * there is nothing to move:
 * - from the names before the Redis Cluster hash tag (`dehandler.<engine>.…`) to `dehandler.{<engine>}.…`:
 *   start claims and the host-change ledger by RENAME (their expiry kept), waiting start jobs and
 *   dead-letter entries by adding them again under their own ids, then the old queues are removed;
 *   a marker key makes later starts skip this step. Old names never existed on a cluster (refused).
 * - the jobs queue from its former name (`….container-start`) to `….container-jobs`: every key of
 *   the queue renamed (same hash tag, so same slot), so that finished and failed jobs keep their
 *   ids (a replayed start stays a no-op, `dlq retry` finds its job). Checked at every start: a
 *   process of the earlier release still running against this engine would use the former name
 *   again, and its jobs are moved at the next start of a watcher or worker.
 * Run by the watcher and the worker before they use the queues, under the engine's host-change
 * lock, so both may run it at once.
 */
export async function migrateLegacyKeys(
  names: EngineQueueNames,
  connection: RedisConnectionOptions,
  /** `signal`: stop waiting (the process stops); `onError`: the connections' errors, while Redis is away or refuses. */
  { signal, onError = () => undefined }: { signal?: AbortSignal; onError?: (error: Error) => void } = {},
): Promise<MigrationOutcome> {
  if (signal?.aborted === true) return NOTHING;
  const cluster = connection.clusterNodes !== undefined;
  const legacy = legacyEngineQueueNames(names.engineId);
  const marker = names.legacyKeysMigrated;
  const formerMeta = `bull:${names.formerJobs}:meta`;
  const redis = plainRedisClient(connection, { maxRetriesPerRequest: null });
  redis.on("error", onError);
  // Only for the host-change lock, when there is something to move.
  let jobsQueue: Queue | undefined;
  const lockQueue = (): Queue => {
    jobsQueue ??= new Queue(names.jobs, { connection });
    jobsQueue.on("error", onError);
    return jobsQueue;
  };
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
    const legacyDone = async (): Promise<boolean> => cluster || (await redis.exists(marker)) === 1;
    if ((await legacyDone()) && (await redis.exists(formerMeta)) === 0) return NOTHING;
    return await new HostChangeLedger(names, lockQueue()).withLock(async () => {
      const outcome = { ...NOTHING };
      if (!(await legacyDone())) {
        const found = await scanKeys(redis, `*dehandler.${legacy.engineId}.*`);
        outcome.keys = await renameKeys(redis, found, legacy, names);
        outcome.jobs = await moveJobs(legacy.jobs, lockQueue(), connection, found);
        outcome.deadLetters = await moveDeadLetters(legacy.deadLetter, names.deadLetter, connection, found);
        await redis.set(marker, new Date().toISOString());
      }
      if ((await redis.exists(formerMeta)) === 1) outcome.queueKeys = await moveJobsQueue(redis, names.formerJobs, names.jobs);
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
    if (stopped) void jobsQueue?.disconnect().catch(() => undefined);
    else await jobsQueue?.close().catch(() => undefined);
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
