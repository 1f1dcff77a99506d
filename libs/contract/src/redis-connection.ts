import { RedisConnection, createIORedisClient } from "bullmq";
import type { RedisSettings } from "@dehandler/service";
import { Cluster, Redis, type RedisOptions } from "ioredis";

/**
 * What BullMQ and ioredis are given: a URL (one Redis), ioredis' Sentinel options (`sentinels` +
 * `name`: the master is asked of the sentinels, and found again after a failover), or seed nodes
 * of a Redis Cluster (`clusterNodes`, with the rest as each node's options).
 */
export interface RedisConnectionOptions {
  clusterNodes?: { host: string; port: number }[];
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

/** Connection options for the Redis settings (libs/service reads them), as every process builds them. */
export function connectionOptionsFor(target: RedisSettings, connectionName?: string): RedisConnectionOptions {
  if (target.mode === "single") return redisConnectionOptions(target.url, connectionName, { ca: target.ca });
  const options: RedisConnectionOptions =
    target.mode === "cluster"
      ? { clusterNodes: target.nodes, maxRetriesPerRequest: null }
      : { sentinels: target.sentinels, name: target.masterName, db: target.db, maxRetriesPerRequest: null };
  if (target.mode === "cluster") useClusterClients();
  if (connectionName !== undefined) options.connectionName = connectionName;
  if (target.username !== undefined) options.username = target.username;
  if (target.password !== undefined) options.password = target.password;
  if (target.mode === "sentinel" && target.sentinelPassword !== undefined) options.sentinelPassword = target.sentinelPassword;
  if (target.tls) {
    const tls = target.ca === undefined ? {} : { ca: target.ca };
    options.tls = tls;
    if (target.mode === "sentinel") {
      options.sentinelTLS = tls;
      options.enableTLSForSentinelMode = true;
    }
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
export function plainRedisClient(connection: RedisConnectionOptions, overrides: RedisOptions): Redis | Cluster {
  // The blocking setting (maxRetriesPerRequest: null) is BullMQ's; overrides say what this client needs.
  return ioredisClient({ ...connection, maxRetriesPerRequest: 20, ...overrides });
}

function ioredisClient(options: RedisOptions & Pick<RedisConnectionOptions, "url" | "clusterNodes">): Redis | Cluster {
  const { url, clusterNodes, ...rest } = options;
  if (clusterNodes === undefined) return url === undefined ? new Redis(rest) : new Redis(url, rest);
  // Each node is reached with the same options; the cluster client follows MOVED/ASK redirections
  // and refreshes the slot map after a failover, retrying with the same pace as one Redis.
  const { retryStrategy, lazyConnect, ...redisOptions } = rest;
  return new Cluster(clusterNodes, {
    redisOptions,
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...(retryStrategy === undefined ? {} : { clusterRetryStrategy: (times: number) => retryStrategy?.(times) ?? null }),
    ...(rest.tls === undefined ? {} : { dnsLookup: (address, callback) => callback(null, address) }),
  });
}

/**
 * BullMQ builds its own ioredis client from connection options, and knows only Redis and Sentinel
 * options: a Cluster must be given to it as a client. Rather than one shared client whose life no
 * queue owns, BullMQ is told how to build a Cluster client from our options: every queue, worker
 * and blocking connection then owns (and closes) its own, as with one Redis.
 */
function useClusterClients(): void {
  if (RedisConnection.clientFactory !== undefined) return;
  RedisConnection.clientFactory = (options) => createIORedisClient(ioredisClient(options as RedisOptions & RedisConnectionOptions));
}
