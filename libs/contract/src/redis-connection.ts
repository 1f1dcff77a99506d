import { Redis, type RedisOptions } from "ioredis";

/**
 * What BullMQ and ioredis are given: either a URL (one Redis) or ioredis' Sentinel options
 * (`sentinels` + `name`: the master is asked of the sentinels, and found again after a failover).
 */
export interface RedisConnectionOptions {
  url?: string;
  maxRetriesPerRequest: null;
  connectionName?: string;
  /** Present only for rediss:// with a CA of its own; rediss:// alone uses Node's trust store. */
  tls?: { ca?: string };
  sentinels?: { host: string; port: number }[];
  name?: string;
  username?: string;
  password?: string;
  db?: number;
  sentinelPassword?: string;
  sentinelTLS?: { ca?: string };
  enableTLSForSentinelMode?: boolean;
}

export interface RedisTlsSettings {
  /** PEM of the CA certificate(s) that signed the Redis server's certificate. */
  ca?: string | undefined;
}

/** Where the queues live: one Redis, or a master behind Redis Sentinel (the settings every process reads). */
export type RedisTarget =
  | { mode: "single"; url: string; ca: string | undefined }
  | {
      mode: "sentinel";
      sentinels: { host: string; port: number }[];
      masterName: string;
      username: string | undefined;
      password: string | undefined;
      db: number;
      sentinelPassword: string | undefined;
      tls: boolean;
      ca: string | undefined;
    };

/** Connection options for a Redis target, as every process builds them. */
export function connectionOptionsFor(target: RedisTarget, connectionName?: string): RedisConnectionOptions {
  if (target.mode === "single") return redisConnectionOptions(target.url, connectionName, { ca: target.ca });
  const options: RedisConnectionOptions = {
    sentinels: target.sentinels,
    name: target.masterName,
    db: target.db,
    maxRetriesPerRequest: null,
  };
  if (connectionName !== undefined) options.connectionName = connectionName;
  if (target.username !== undefined) options.username = target.username;
  if (target.password !== undefined) options.password = target.password;
  if (target.sentinelPassword !== undefined) options.sentinelPassword = target.sentinelPassword;
  if (target.tls) {
    const tls = target.ca === undefined ? {} : { ca: target.ca };
    options.tls = tls;
    options.sentinelTLS = tls;
    options.enableTLSForSentinelMode = true;
  }
  return options;
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

/** A plain ioredis client (not BullMQ's) to the same Redis, with `overrides` on top. */
export function plainRedisClient(connection: RedisConnectionOptions, overrides: RedisOptions): Redis {
  // The blocking setting (maxRetriesPerRequest: null) is BullMQ's; overrides say what this client needs.
  const { url, ...rest } = connection;
  const options: RedisOptions = { ...rest, maxRetriesPerRequest: 20, ...overrides };
  return url === undefined ? new Redis(options) : new Redis(url, options);
}
