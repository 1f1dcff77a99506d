export interface RedisConnectionOptions {
  url: string;
  maxRetriesPerRequest: null;
  connectionName?: string;
  /** Present only for rediss:// with a CA of its own; rediss:// alone uses Node's trust store. */
  tls?: { ca: string };
}

export interface RedisTlsSettings {
  /** PEM of the CA certificate(s) that signed the Redis server's certificate. */
  ca?: string | undefined;
}

// BullMQ workers block on Redis and must not give up on a request while Redis is away:
// maxRetriesPerRequest must be null so that an outage is waited out instead of crashing.
// Credentials travel in the URL (ioredis reads user and password from it). The server's
// certificate is checked against the URL's host, as IP or DNS name, so no servername is needed:
// use the name or address that the certificate was made for.
export function redisConnectionOptions(url: string, connectionName?: string, tls: RedisTlsSettings = {}): RedisConnectionOptions {
  const options: RedisConnectionOptions = { url, maxRetriesPerRequest: null };
  if (connectionName !== undefined) options.connectionName = connectionName;
  if (tls.ca !== undefined) {
    // A CA with a plain redis:// URL would otherwise be ignored (or silently switch on TLS):
    // refuse, so nobody believes a connection is encrypted when it is not.
    if (!url.startsWith("rediss://")) {
      throw new Error("a TLS CA (DEHANDLER_REDIS_CA_FILE) is set but the Redis URL is not rediss://; use rediss:// or unset the CA");
    }
    options.tls = { ca: tls.ca };
  }
  return options;
}
