import { z } from "zod";
import { commonEnv } from "./common-env.js";
import { ConfigError, loadConfig } from "./load-config.js";
import { maskRedisUrl } from "./mask-credentials.js";

/** A sentinel's (or a seed node's) address. */
export interface RedisNode {
  host: string;
  port: number;
}

/**
 * Where the queues live, as every process (watcher, worker, board, CLI, launcher) reads it from
 * the environment: one Redis at REDIS_URL, or a master found through Redis Sentinel.
 */
export type RedisSettings =
  | { mode: "single"; url: string; ca: string | undefined }
  | {
      mode: "sentinel";
      sentinels: RedisNode[];
      masterName: string;
      /** From REDIS_URL, when it is set: they apply to the master. */
      username: string | undefined;
      password: string | undefined;
      db: number;
      sentinelPassword: string | undefined;
      /** rediss:// in REDIS_URL: master and sentinels are reached over TLS. */
      tls: boolean;
      ca: string | undefined;
    }
  | {
      mode: "cluster";
      /** Seed nodes: the client asks them for the rest of the cluster. */
      nodes: RedisNode[];
      /** From REDIS_URL, when it is set: they apply to every node. */
      username: string | undefined;
      password: string | undefined;
      /** rediss:// in REDIS_URL: every node is reached over TLS. */
      tls: boolean;
      ca: string | undefined;
    };

const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})$/;
const NODES_EXPECTED = "a comma-separated list of host:port (such as sentinel-1:26379,sentinel-2:26379)";

const nodeList = z
  .string()
  .optional()
  .transform((raw, ctx): RedisNode[] => {
    const items = (raw ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
    const nodes: RedisNode[] = [];
    for (const item of items) {
      const match = NODE.exec(item);
      const port = Number(match?.[2]);
      if (match?.[1] === undefined || !Number.isInteger(port) || port < 1 || port > 65_535) {
        ctx.addIssue({ code: "custom", message: `${NODES_EXPECTED} (bad entry ${JSON.stringify(item)})` });
        return z.NEVER;
      }
      nodes.push({ host: match[1].replace(/^\[|\]$/g, ""), port });
    }
    return nodes;
  });

const optionalText = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim()));

const RedisEnvSchema = z.object({
  REDIS_URL: commonEnv.REDIS_URL,
  DEHANDLER_REDIS_CA_FILE: commonEnv.DEHANDLER_REDIS_CA_FILE,
  DEHANDLER_REDIS_SENTINELS: nodeList,
  DEHANDLER_REDIS_SENTINEL_NAME: optionalText.refine((name) => name === undefined || /^[A-Za-z0-9._-]{1,128}$/.test(name), {
    message: "the master's name as the sentinels know it (letters, digits, '.', '_' or '-')",
  }),
  DEHANDLER_REDIS_SENTINEL_PASSWORD: optionalText,
  DEHANDLER_REDIS_CLUSTER: nodeList,
});

/** What REDIS_URL carries when sentinels or cluster nodes say where Redis is: credentials, database and TLS. */
function urlExtras(env: Readonly<Record<string, string | undefined>>, url: string) {
  const parsed = (env.REDIS_URL ?? "").trim() === "" ? undefined : new URL(url);
  return {
    username: parsed === undefined || parsed.username === "" ? undefined : decodeURIComponent(parsed.username),
    password: parsed === undefined || parsed.password === "" ? undefined : decodeURIComponent(parsed.password),
    db: parsed === undefined || parsed.pathname.length <= 1 ? 0 : Number(parsed.pathname.slice(1)),
    tls: parsed?.protocol === "rediss:",
  };
}

/** Reads the Redis settings; a bad or contradictory one is a ConfigError naming its variable. */
export function loadRedisSettings(env: Readonly<Record<string, string | undefined>>): RedisSettings {
  const parsed = loadConfig(RedisEnvSchema, env);
  const ca = parsed.DEHANDLER_REDIS_CA_FILE?.pem;
  const sentinels = parsed.DEHANDLER_REDIS_SENTINELS;
  const clusterNodes = parsed.DEHANDLER_REDIS_CLUSTER;
  const masterName = parsed.DEHANDLER_REDIS_SENTINEL_NAME;
  if (sentinels.length > 0 && clusterNodes.length > 0) {
    throw new ConfigError(
      "DEHANDLER_REDIS_CLUSTER",
      "unset when DEHANDLER_REDIS_SENTINELS is set: queues live either behind Sentinel or in a Cluster",
      undefined,
    );
  }
  if (sentinels.length === 0) {
    if (masterName !== undefined)
      throw new ConfigError("DEHANDLER_REDIS_SENTINELS", `${NODES_EXPECTED}, as DEHANDLER_REDIS_SENTINEL_NAME is set`, undefined);
    if (parsed.DEHANDLER_REDIS_SENTINEL_PASSWORD !== undefined) {
      throw new ConfigError("DEHANDLER_REDIS_SENTINELS", `${NODES_EXPECTED}, as DEHANDLER_REDIS_SENTINEL_PASSWORD is set`, undefined);
    }
  }
  if (sentinels.length === 0 && clusterNodes.length === 0) return { mode: "single", url: parsed.REDIS_URL, ca };
  // With Sentinel or Cluster, the sentinels or seed nodes say where Redis is; REDIS_URL, if set,
  // only carries the user, password, database, and TLS by its rediss:// scheme.
  const { username, password, db, tls } = urlExtras(env, parsed.REDIS_URL);
  if (ca !== undefined && !tls) {
    throw new ConfigError(
      "DEHANDLER_REDIS_CA_FILE",
      "unset, or REDIS_URL=rediss://… so that Redis is reached over TLS",
      parsed.DEHANDLER_REDIS_CA_FILE?.path,
    );
  }
  if (clusterNodes.length > 0) {
    if (db !== 0) throw new ConfigError("REDIS_URL", "no database number (Redis Cluster has only database 0)", maskRedisUrl(parsed.REDIS_URL));
    return { mode: "cluster", nodes: clusterNodes, username, password, tls, ca };
  }
  if (masterName === undefined) {
    throw new ConfigError(
      "DEHANDLER_REDIS_SENTINEL_NAME",
      "the master's name as the sentinels know it, as DEHANDLER_REDIS_SENTINELS is set",
      undefined,
    );
  }
  return { mode: "sentinel", sentinels, masterName, username, password, db, sentinelPassword: parsed.DEHANDLER_REDIS_SENTINEL_PASSWORD, tls, ca };
}

/** Where Redis is, for messages: never a password. */
export function describeRedis(settings: RedisSettings): string {
  if (settings.mode === "cluster") {
    return `the cluster of ${settings.nodes.map((node) => `${node.host}:${node.port}`).join(", ")} (DEHANDLER_REDIS_CLUSTER)`;
  }
  if (settings.mode === "sentinel") {
    return `master "${settings.masterName}" through the sentinels ${settings.sentinels.map((node) => `${node.host}:${node.port}`).join(", ")} (DEHANDLER_REDIS_SENTINELS)`;
  }
  try {
    return `${new URL(settings.url).host} (REDIS_URL)`;
  } catch {
    return "the address in REDIS_URL";
  }
}
