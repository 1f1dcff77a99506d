import { z } from "zod";
import { commonEnv } from "./common-env.js";
import { ConfigError, loadConfig } from "./load-config.js";

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
    };

const NODE = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\d{1,5})$/;
const NODES_EXPECTED = "a comma-separated list of host:port (such as sentinel-1:26379,sentinel-2:26379)";

const nodeList = z
  .string()
  .optional()
  .transform((raw, ctx): RedisNode[] => {
    const items = (raw ?? "").split(",").map((item) => item.trim()).filter((item) => item.length > 0);
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
  // Cluster needs every key of an engine under one hash tag; until the keys are laid out so, a
  // cluster would fail with CROSSSLOT at the first job. Refused at start rather than half-working.
  DEHANDLER_REDIS_CLUSTER: optionalText.refine((value) => value === undefined, {
    message: "unset: Redis Cluster is not supported yet (use REDIS_URL for one Redis, or DEHANDLER_REDIS_SENTINELS for failover)",
  }),
});

/** Reads the Redis settings; a bad or contradictory one is a ConfigError naming its variable. */
export function loadRedisSettings(env: Readonly<Record<string, string | undefined>>): RedisSettings {
  const parsed = loadConfig(RedisEnvSchema, env);
  const ca = parsed.DEHANDLER_REDIS_CA_FILE?.pem;
  const sentinels = parsed.DEHANDLER_REDIS_SENTINELS;
  const masterName = parsed.DEHANDLER_REDIS_SENTINEL_NAME;
  if (sentinels.length === 0) {
    if (masterName !== undefined) throw new ConfigError("DEHANDLER_REDIS_SENTINELS", `${NODES_EXPECTED}, as DEHANDLER_REDIS_SENTINEL_NAME is set`, undefined);
    if (parsed.DEHANDLER_REDIS_SENTINEL_PASSWORD !== undefined) {
      throw new ConfigError("DEHANDLER_REDIS_SENTINELS", `${NODES_EXPECTED}, as DEHANDLER_REDIS_SENTINEL_PASSWORD is set`, undefined);
    }
    return { mode: "single", url: parsed.REDIS_URL, ca };
  }
  if (masterName === undefined) {
    throw new ConfigError("DEHANDLER_REDIS_SENTINEL_NAME", "the master's name as the sentinels know it, as DEHANDLER_REDIS_SENTINELS is set", undefined);
  }
  // With Sentinel the sentinels say where the master is; REDIS_URL, if set, only carries what
  // applies to the master: user, password, database, and TLS by its rediss:// scheme.
  const url = (env.REDIS_URL ?? "").trim() === "" ? undefined : new URL(parsed.REDIS_URL);
  const tls = url?.protocol === "rediss:";
  if (ca !== undefined && !tls) {
    throw new ConfigError("DEHANDLER_REDIS_CA_FILE", "unset, or REDIS_URL=rediss://… so that master and sentinels are reached over TLS", parsed.DEHANDLER_REDIS_CA_FILE?.path);
  }
  const db = url === undefined || url.pathname.length <= 1 ? 0 : Number(url.pathname.slice(1));
  return {
    mode: "sentinel",
    sentinels,
    masterName,
    username: url === undefined || url.username === "" ? undefined : decodeURIComponent(url.username),
    password: url === undefined || url.password === "" ? undefined : decodeURIComponent(url.password),
    db,
    sentinelPassword: parsed.DEHANDLER_REDIS_SENTINEL_PASSWORD,
    tls,
    ca,
  };
}

/** Where Redis is, for messages: never a password. */
export function describeRedis(settings: RedisSettings): string {
  if (settings.mode === "sentinel") {
    return `master "${settings.masterName}" through the sentinels ${settings.sentinels.map((node) => `${node.host}:${node.port}`).join(", ")} (DEHANDLER_REDIS_SENTINELS)`;
  }
  try {
    return `${new URL(settings.url).host} (REDIS_URL)`;
  } catch {
    return "the address in REDIS_URL";
  }
}
