import { commonEnv, loadConfig } from "@dehandler/service";
import { loadWatcherConfig } from "@dehandler/watcher/config";
import { loadWorkerConfig } from "@dehandler/worker/config";
import { resolve } from "node:path";
import { z } from "zod";

const LauncherEnvSchema = z.object({
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  /** Where the embedded Redis keeps its append-only file. */
  DEHANDLER_DATA_DIR: z
    .string()
    .optional()
    .transform((raw) => resolve(raw === undefined || raw.trim() === "" ? ".dehandler" : raw.trim())),
});

export type LauncherConfig = z.output<typeof LauncherEnvSchema> & {
  /** Unset: the default address, where an embedded redis-server may be started. */
  redisUrlSet: boolean;
};

/**
 * Checks the launcher's own settings and also the watcher's and worker's, so that a bad value
 * stops everything at once with its one line, before Redis or any process is started.
 */
export function loadLauncherConfig(env: Readonly<Record<string, string | undefined>>): LauncherConfig {
  const config = loadConfig(LauncherEnvSchema, env);
  loadWatcherConfig(env);
  loadWorkerConfig(env);
  return { ...config, redisUrlSet: (env.REDIS_URL ?? "").trim() !== "" };
}
