import { commonEnv, listOf, loadConfig, opsEnv, positiveInt } from "@dehandler/service";
import { z } from "zod";

/** The watcher's ops server (/healthz, /readyz, /metrics); the worker's default is the next port. */
export const WATCHER_METRICS_PORT = 9464;

const WatcherEnvSchema = z.object({
  ...commonEnv,
  ...opsEnv(WATCHER_METRICS_PORT),
  /** Tries per job before it lands in the dead-letter queue (read by the publisher: the watcher). */
  DEHANDLER_JOB_ATTEMPTS: positiveInt(5, 100),
  /** First retry delay; each further retry waits twice as long. */
  DEHANDLER_JOB_BACKOFF_MS: positiveInt(1000, 3_600_000),
  /** Only containers carrying all these labels (`key` or `key=value`) are watched; empty: all. */
  DEHANDLER_WATCH_LABELS: listOf(/^[^=,\s]+(=[^,]*)?$/, "label or label=value"),
  /** Longest wait between two reconnection attempts to the engine. */
  DEHANDLER_RECONNECT_MAX_MS: positiveInt(30_000, 600_000),
});

export type WatcherConfig = z.output<typeof WatcherEnvSchema>;

export function loadWatcherConfig(env: Readonly<Record<string, string | undefined>>): WatcherConfig {
  return loadConfig(WatcherEnvSchema, env);
}
