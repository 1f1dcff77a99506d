import { readFileSync } from "node:fs";
import { isAbsolute } from "node:path";
import { z } from "zod";

// Settings both processes share. Messages are phrased as what is expected, because ConfigError
// prints them as "VARIABLE: expected <message>, got <value>".

/** A whole number from `min` to `max` (a sign only where `min` is negative); unset or blank: `defaultValue`. */
export function wholeNumber(defaultValue: number, min: number, max: number, expected = `a whole number from ${min} to ${max}`) {
  const pattern = min < 0 ? /^\s*-?\d+\s*$/ : /^\s*\d+\s*$/;
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === "") return defaultValue;
      const value = pattern.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(value) || value < min || value > max) {
        ctx.addIssue({ code: "custom", message: expected });
        return z.NEVER;
      }
      return value;
    });
}

export function positiveInt(defaultValue: number, max: number) {
  return wholeNumber(defaultValue, 1, max);
}

/** A comma-separated list; empty entries are dropped. */
export function listOf(itemPattern: RegExp, what: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const items = (raw ?? "")
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
      const bad = items.find((item) => !itemPattern.test(item));
      if (bad !== undefined) {
        ctx.addIssue({ code: "custom", message: `a comma-separated list of ${what} (bad entry ${JSON.stringify(bad)})` });
        return z.NEVER;
      }
      return items;
    });
}

const dockerHost = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw === "" ? "unix:///var/run/docker.sock" : raw))
  .refine((value) => /^unix:\/\/\/.+/.test(value) || /^tcp:\/\/[^/]+:\d+\/?$/.test(value), {
    message: "unix:///path/to/docker.sock or tcp://host:port",
  });

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

const REDIS_URL_EXPECTED = "redis://[user:password@]host:port[/db] or rediss://…";

function isRedisUrl(value: string): boolean {
  if (!/^rediss?:\/\/.+/.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hostname === "" || !/^(\/\d*)?$/.test(url.pathname)) return false;
  try {
    // ioredis decodes both; a bad %-escape would otherwise fail on every connection attempt.
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    return false;
  }
  return true;
}

const redisUrl = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw === "" ? DEFAULT_REDIS_URL : raw))
  .refine(isRedisUrl, { message: REDIS_URL_EXPECTED });

const CA_FILE_EXPECTED = "an absolute path of a readable PEM file of CA certificates";

/** The CA that signed the Redis server's certificate (rediss:// only); read at start. */
const redisCaFile = z
  .string()
  .optional()
  // The type is spelled out, not named: the apps' inferred config types must not need to import it.
  .transform((raw, ctx): { path: string; pem: string } | undefined => {
    const path = raw?.trim() ?? "";
    if (path === "") return undefined;
    const refuse = (detail?: string) => {
      ctx.addIssue({ code: "custom", message: detail === undefined ? CA_FILE_EXPECTED : `${CA_FILE_EXPECTED} (${detail})` });
      return z.NEVER;
    };
    if (!isAbsolute(path)) return refuse();
    let pem: string;
    try {
      pem = readFileSync(path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return refuse(`cannot read it: ${code ?? (error instanceof Error ? error.message : String(error))}`);
    }
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) return refuse("no PEM certificate in it");
    return { path, pem };
  });

const logLevel = z
  .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    message: "one of fatal, error, warn, info, debug, trace, silent",
  })
  .default("info");

const engineId = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim()))
  .refine((value) => value === undefined || /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/.test(value), {
    message: "letters, digits, '_', '.', ':' or '-' (at most 128)",
  });

export const commonEnv = {
  DOCKER_HOST: dockerHost,
  REDIS_URL: redisUrl,
  LOG_LEVEL: logLevel,
  /** Overrides the engine's daemon ID as the queue scope (cloned hosts can share a daemon ID). */
  DEHANDLER_ENGINE_ID: engineId,
  /** CA certificate(s) for a rediss:// REDIS_URL; unset: Node's default trust store. */
  DEHANDLER_REDIS_CA_FILE: redisCaFile,
};

export type CommonEnv = {
  DOCKER_HOST: string;
  REDIS_URL: string;
  LOG_LEVEL: z.output<typeof logLevel>;
  DEHANDLER_ENGINE_ID: string | undefined;
  /** The CA file's path and content (read once, at start). */
  DEHANDLER_REDIS_CA_FILE: { path: string; pem: string } | undefined;
};
