import type { plainRedisClient } from "./redis-connection.js";
import { scanKeys } from "./scan-keys.js";

type PlainRedis = ReturnType<typeof plainRedisClient>;

// BullMQ's keys of a queue that are not one job's (`bull:<queue>:<id>`, `…:<id>:logs`, `…:<id>:lock`):
// its states, counters and bookkeeping, by the first part of their suffix (bullmq's queue-keys.ts).
const QUEUE_LEVEL = new Set([
  "active",
  "wait",
  "waiting-children",
  "paused",
  "id",
  "delayed",
  "prioritized",
  "stalled-check",
  "completed",
  "failed",
  "stalled",
  "repeat",
  "limiter",
  "meta",
  "events",
  "pc",
  "marker",
  "de",
  "metrics",
]);

/**
 * Moves every key of BullMQ queue `from` to queue `to` (both under one hash tag: one slot, so
 * RENAME works on a cluster too), in an order a consumer of `to` can bear: the jobs first, then
 * the states that name them (a worker only ever finds an id whose job is there), the meta key
 * last (until it is gone, the next call moves what is left). Where `to` has a key already
 * (written since the upgrade), what `from` adds is merged into it; a job `to` has under the same
 * id (the same event queued by both releases) stays as `to` has it, and the former one is
 * dropped from every state, so no id ends up in two states. A key gone since the scan (a lock
 * that expired, a job trimmed) is skipped. Returns the number of keys moved or merged.
 */
export async function moveJobsQueue(redis: PlainRedis, from: string, to: string): Promise<number> {
  const prefix = `bull:${from}:`;
  const suffixes = (await scanKeys(redis, `${prefix}*`)).map((key) => key.slice(prefix.length));
  const isQueueLevel = (suffix: string): boolean => QUEUE_LEVEL.has(suffix.split(":")[0] ?? "");
  const jobKeys = suffixes.filter((suffix) => !isQueueLevel(suffix));
  const queueKeys = suffixes.filter(isQueueLevel).sort((a, b) => Number(a === "meta") - Number(b === "meta"));

  const kept = new Set<string>();
  for (const id of new Set(jobKeys.map((suffix) => suffix.split(":")[0] ?? suffix))) {
    if ((await redis.exists(`bull:${to}:${id}`)) === 1) kept.add(id);
  }
  let moved = 0;
  for (const suffix of jobKeys) {
    if (kept.has(suffix.split(":")[0] ?? suffix)) await redis.del(prefix + suffix);
    else if (await moveKey(redis, prefix + suffix, `bull:${to}:${suffix}`, kept)) moved += 1;
  }
  for (const suffix of queueKeys) {
    if (await moveKey(redis, prefix + suffix, `bull:${to}:${suffix}`, kept)) moved += 1;
  }
  return moved;
}

/** Renames `from` to `to`, or merges it into an existing `to` leaving out the ids in `dropped`; false when `from` is gone. */
async function moveKey(redis: PlainRedis, from: string, to: string, dropped: ReadonlySet<string>): Promise<boolean> {
  if ((await redis.exists(to)) === 0) {
    if ((await redis.exists(from)) === 0) return false;
    // Written between the two checks by nobody but a process of the earlier release: merged next time.
    if ((await redis.renamenx(from, to)) === 1) return true;
  }
  const merged = await mergeInto(redis, from, to, dropped);
  await redis.del(from);
  return merged;
}

async function mergeInto(redis: PlainRedis, from: string, to: string, dropped: ReadonlySet<string>): Promise<boolean> {
  switch (await redis.type(from)) {
    case "none":
      return false;
    case "list": {
      const ids = (await redis.lrange(from, 0, -1)).filter((id) => !dropped.has(id));
      if (ids.length > 0) await redis.rpush(to, ...ids);
      return true;
    }
    case "zset": {
      const entries = (await redis.call("ZRANGE", from, 0, -1, "WITHSCORES")) as string[];
      for (let i = 0; i + 1 < entries.length; i += 2) {
        const [member, score] = [entries[i] ?? "", entries[i + 1] ?? "0"];
        // The marker zset holds no ids; every other holds job ids (the delayed set as "<id>").
        if (!dropped.has(member)) await redis.call("ZADD", to, "NX", score, member);
      }
      return true;
    }
    case "set": {
      const members = (await redis.smembers(from)).filter((id) => !dropped.has(id));
      if (members.length > 0) await redis.sadd(to, ...members);
      return true;
    }
    case "hash":
      // The meta hash: the target's settings win (a pause of the former queue is not carried over).
      for (const [field, value] of Object.entries(await redis.hgetall(from))) await redis.hsetnx(to, field, value);
      return true;
    case "string":
      // The job id counter: the higher, so that no id is given twice. Any other string (a lock,
      // a stall check's time) is the target's.
      if (to.endsWith(":id")) {
        const [mine, theirs] = [Number(await redis.get(from)), Number(await redis.get(to))];
        if (mine > theirs) await redis.set(to, String(mine));
      }
      return true;
    default:
      // The events stream: a log of what happened, not state.
      return true;
  }
}
