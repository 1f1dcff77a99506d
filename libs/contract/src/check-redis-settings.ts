import { Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";
import { quickClient } from "./discover-engines.js";
import type { RedisConnectionOptions } from "./redis-connection.js";
import { Backoff, type SettingProblem } from "@dehandler/service";
import { redisSettingProblem } from "./redis-setting-problem.js";

export interface CheckRedisSettingsOptions {
  /** Stops trying (the process is stopping): resolves undefined. */
  signal: AbortSignal;
  /** Each transient failure (Redis away, loading, failing over), before the next try. */
  onTransient?: (error: Error) => void;
  /** Per try; default 5 s. */
  timeoutMs?: number;
}

/** Redis away at start: tried again 1 s later, doubling to 30 s, as the processes' own connections would. */
export const REDIS_BACKOFF = { firstMs: 1000, maxMs: 30_000 };

/**
 * At start: tries Redis until it answers, and resolves undefined, or until it gives an answer no
 * retry can change (a refused password, an untrusted certificate, a master name no sentinel
 * knows), and resolves that as the setting to fix. Transient failures are tried again with
 * REDIS_BACKOFF.
 */
export async function checkRedisSettings(
  connection: RedisConnectionOptions,
  options: CheckRedisSettingsOptions,
): Promise<SettingProblem | undefined> {
  const backoff = new Backoff(REDIS_BACKOFF);
  while (!options.signal.aborted) {
    const timeoutMs = options.timeoutMs ?? 5000;
    // A server that accepts and never answers would hold a try for ever: bounded here.
    const outcome = await Promise.race([tryOnce(connection, timeoutMs), sleep(timeoutMs * 2, new Error(`no answer within ${timeoutMs * 2} ms`))]);
    if (outcome === "ok") return undefined;
    if ("variable" in outcome) return outcome;
    options.onTransient?.(outcome);
    await backoff.wait(options.signal);
  }
  return undefined;
}

async function tryOnce(connection: RedisConnectionOptions, timeoutMs: number): Promise<"ok" | SettingProblem | Error> {
  if (connection.sentinels !== undefined && connection.name !== undefined) {
    const sentinels = await askSentinels(connection, connection.sentinels, connection.name, timeoutMs);
    if (sentinels !== "known") return sentinels;
  }
  const client = quickClient(connection, timeoutMs);
  let firstError: Error | undefined;
  client.on("error", (error: Error) => void (firstError ??= error));
  try {
    await client.connect();
    await client.ping();
    return "ok";
  } catch (error) {
    // The connection's own error (a TLS refusal, the AUTH answer) says more than "closed".
    for (const candidate of [error, firstError]) {
      const problem = redisSettingProblem(candidate, connection);
      if (problem !== undefined) return problem;
    }
    return firstError ?? (error as Error);
  } finally {
    client.disconnect();
  }
}

/**
 * ioredis reports a master name that no sentinel knows exactly as it reports sentinels that are
 * down ("All sentinels are unreachable"), and retries forever: each sentinel is asked here.
 */
async function askSentinels(
  connection: RedisConnectionOptions,
  sentinels: readonly { host: string; port: number }[],
  masterName: string,
  timeoutMs: number,
): Promise<"known" | SettingProblem | Error> {
  let answered = 0;
  let lastError: Error | undefined;
  for (const sentinel of sentinels) {
    const client = new Redis({
      host: sentinel.host,
      port: sentinel.port,
      lazyConnect: true,
      connectTimeout: timeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      ...(connection.sentinelPassword === undefined ? {} : { password: connection.sentinelPassword }),
      ...(connection.enableTLSForSentinelMode === true && connection.sentinelTLS !== undefined ? { tls: connection.sentinelTLS } : {}),
    });
    client.on("error", () => undefined);
    try {
      await client.connect();
      const address = await client.call("SENTINEL", "get-master-addr-by-name", masterName);
      if (Array.isArray(address)) return "known";
      answered += 1;
    } catch (error) {
      const problem = redisSettingProblem(error, connection);
      if (problem !== undefined)
        return problem.variable === "REDIS_URL" ? { ...problem, variable: "DEHANDLER_REDIS_SENTINEL_PASSWORD", received: undefined } : problem;
      lastError = error as Error;
    } finally {
      client.disconnect();
    }
  }
  if (answered > 0) {
    return {
      variable: "DEHANDLER_REDIS_SENTINEL_NAME",
      expected: `the name of a master the sentinels monitor (${answered} of ${sentinels.length} sentinels answered and none knows it)`,
      received: masterName,
    };
  }
  return lastError ?? new Error("no sentinel answered");
}
