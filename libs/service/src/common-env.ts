import { z } from "zod";

// Settings both processes share. Messages are phrased as what is expected, because ConfigError
// prints them as "VARIABLE: expected <message>, got <value>".

export function positiveInt(defaultValue: number, max: number) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === "") return defaultValue;
      const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(value) || value < 1 || value > max) {
        ctx.addIssue({ code: "custom", message: `a whole number from 1 to ${max}` });
        return z.NEVER;
      }
      return value;
    });
}

/** A comma-separated list; empty entries are dropped. */
export function listOf(itemPattern: RegExp, what: string) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const items = (raw ?? "").split(",").map((item) => item.trim()).filter((item) => item.length > 0);
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

const redisUrl = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw === "" ? DEFAULT_REDIS_URL : raw))
  .refine((value) => /^rediss?:\/\/.+/.test(value), { message: "redis://[user:password@]host:port[/db] or rediss://…" });

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
};

export type CommonEnv = {
  DOCKER_HOST: string;
  REDIS_URL: string;
  LOG_LEVEL: z.output<typeof logLevel>;
  DEHANDLER_ENGINE_ID: string | undefined;
};
