import { loadConfig } from "@dehandler/service";
import { resolve } from "node:path";
import { z } from "zod";

const LauncherEnvSchema = z.object({
  /** Unset: use redis://127.0.0.1:6379, or start an embedded redis-server there if none answers. */
  REDIS_URL: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim()))
    .refine((url) => url === undefined || /^rediss?:\/\/.+/.test(url), { message: "redis://host:port or rediss://…" }),
  /** Where the embedded Redis keeps its append-only file. */
  DEHANDLER_DATA_DIR: z
    .string()
    .optional()
    .transform((raw) => resolve(raw === undefined || raw.trim() === "" ? ".dehandler" : raw.trim())),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { message: "a pino log level" }).default("info"),
});

export type LauncherConfig = z.output<typeof LauncherEnvSchema>;

export function loadLauncherConfig(env: Readonly<Record<string, string | undefined>>): LauncherConfig {
  return loadConfig(LauncherEnvSchema, env);
}
