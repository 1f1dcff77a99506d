import { commonEnv, ConfigError, loadConfig } from "@dehandler/service";
import { loadWatcherConfig } from "@dehandler/watcher/config";
import { loadWorkerConfig } from "@dehandler/worker/config";
import { resolve } from "node:path";
import { z } from "zod";

const KILL_MARGIN_MS = 15_000;

const LauncherEnvSchema = z.object({
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  /** Where the embedded Redis keeps its append-only file. */
  DEHANDLER_DATA_DIR: z
    .string()
    .optional()
    .transform((raw) => resolve(raw === undefined || raw.trim() === "" ? ".dehandler" : raw.trim())),
});

export type LauncherConfig = z.output<typeof LauncherEnvSchema> & {
  /** Neither REDIS_URL nor Sentinel is set: the default address, where an embedded redis-server may be started. */
  redisConfigured: boolean;
  /** How long the children may take to stop before the launcher kills them. */
  killAfterMs: number;
  /** What each child gets on top of the shared environment. */
  childEnv: { watcher: Record<string, string>; worker: Record<string, string> };
};

/**
 * Checks the launcher's own settings and also the watcher's and worker's, so that a bad value
 * stops everything at once with its one line, before Redis or any process is started. Both
 * children share one environment, so their metrics ports come from a variable of their own.
 */
export function loadLauncherConfig(env: Readonly<Record<string, string | undefined>>): LauncherConfig {
  const config = loadConfig(LauncherEnvSchema, env);
  if ((env.DEHANDLER_METRICS_PORT ?? "") !== "") {
    throw new ConfigError(
      "DEHANDLER_METRICS_PORT",
      "unset under npm start (watcher and worker would share it): use DEHANDLER_WATCHER_METRICS_PORT and DEHANDLER_WORKER_METRICS_PORT",
      env.DEHANDLER_METRICS_PORT,
    );
  }
  const childEnv = {
    watcher: portOverride(env.DEHANDLER_WATCHER_METRICS_PORT),
    worker: portOverride(env.DEHANDLER_WORKER_METRICS_PORT),
  };
  loadWatcherConfig({ ...env, ...childEnv.watcher });
  const worker = loadWorkerConfig({ ...env, ...childEnv.worker });
  return {
    ...config,
    redisConfigured: worker.redis.mode !== "single" || (env.REDIS_URL ?? "").trim() !== "",
    // The worker gives its jobs DEHANDLER_SHUTDOWN_TIMEOUT_MS, then exits by itself 5 s later.
    killAfterMs: worker.DEHANDLER_SHUTDOWN_TIMEOUT_MS + KILL_MARGIN_MS,
    childEnv,
  };
}

function portOverride(port: string | undefined): Record<string, string> {
  return port === undefined || port === "" ? {} : { DEHANDLER_METRICS_PORT: port };
}
