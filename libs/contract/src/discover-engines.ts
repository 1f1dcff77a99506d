import type { Cluster, Redis } from "ioredis";
import { QueueDiscovery } from "./queue-discovery.js";
import { plainRedisClient, type RedisConnectionOptions } from "./redis-connection.js";

/** The engine scopes that have a start queue in this Redis (found as QueueDiscovery finds queues). */
export async function discoverEngineScopes(connection: RedisConnectionOptions): Promise<string[]> {
  const discovery = new QueueDiscovery(connection);
  discovery.onError(() => undefined);
  try {
    const refs = await discovery.scan();
    return [...new Set(refs.filter((ref) => ref.kind === "container-jobs").map((ref) => ref.engineId))].sort();
  } finally {
    await discovery.close();
  }
}

/**
 * Fails fast when Redis does not answer: a command line tool should say so at once, where the
 * processes (maxRetriesPerRequest: null) would wait the outage out.
 */
export async function probeRedis(connection: RedisConnectionOptions, timeoutMs = 3000): Promise<void> {
  const client = quickClient(connection, timeoutMs);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

/** A client that tries once and fails at once (no reconnection, no waiting for a master). */
export function quickClient(connection: RedisConnectionOptions, timeoutMs = 3000): Redis | Cluster {
  const client = plainRedisClient(connection, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    // A master that cannot be found through the sentinels is an answer too: fail, don't wait.
    sentinelRetryStrategy: () => null,
  });
  client.on("error", () => undefined);
  return client;
}
