export interface RedisConnectionOptions {
  url: string;
  maxRetriesPerRequest: null;
  connectionName?: string;
}

// BullMQ workers block on Redis and must not give up on a request while Redis is away:
// maxRetriesPerRequest must be null so that an outage is waited out instead of crashing.
export function redisConnectionOptions(url: string, connectionName?: string): RedisConnectionOptions {
  return connectionName === undefined
    ? { url, maxRetriesPerRequest: null }
    : { url, maxRetriesPerRequest: null, connectionName };
}
