import { Redis } from "ioredis";
import type { RedisConnectionOptions } from "./redis-connection.js";

const START_META = /^bull:dehandler\.(.+)\.container-start:meta$/;

/**
 * The engine scopes that have queues in this Redis, found from their start queues' metadata keys
 * (`bull:dehandler.<scope>.container-start:meta`) with SCAN, which never blocks the server.
 */
export async function discoverEngineScopes(connection: RedisConnectionOptions): Promise<string[]> {
  const client = quickClient(connection);
  try {
    const scopes = new Set<string>();
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", "bull:dehandler.*:meta", "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const scope = START_META.exec(key)?.[1];
        if (scope !== undefined) scopes.add(scope);
      }
    } while (cursor !== "0");
    return [...scopes].sort();
  } finally {
    client.disconnect();
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

function quickClient(connection: RedisConnectionOptions, timeoutMs = 3000): Redis {
  const client = new Redis(connection.url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    ...(connection.connectionName === undefined ? {} : { connectionName: connection.connectionName }),
    ...(connection.tls === undefined ? {} : { tls: connection.tls }),
  });
  client.on("error", () => undefined);
  return client;
}
