import type { LevelWithSilent } from "pino";
import type { Registry } from "prom-client";
import { createLogger, type Logger } from "./create-logger.js";
import { createMetricsRegistry } from "./metrics-registry.js";
import { onShutdownSignal } from "./on-shutdown-signal.js";
import { OpsServer } from "./ops-server.js";
import type { ReadinessCheck } from "./readiness.js";
import { runMain } from "./run-main.js";
import type { SettingProblem } from "./setting-problem.js";
import { startWithSettingsCheck } from "./start-with-settings-check.js";

export interface ServiceConfig {
  LOG_LEVEL: LevelWithSilent;
  DEHANDLER_METRICS_HOST: string;
  DEHANDLER_METRICS_PORT: number;
}

export interface Service {
  readonly readiness: readonly ReadinessCheck[];
  alive(): boolean;
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface ServiceDefinition<C extends ServiceConfig> {
  name: string;
  loadConfig(env: NodeJS.ProcessEnv): C;
  create(config: C, logger: Logger, deps: { registry: Registry }): Promise<Service>;
  /**
   * Runs beside the start until the settings are known to work; a problem it finds (one no retry
   * can fix) during the start ends the process like a bad setting: one line naming it, exit 2.
   * Found later, it is logged and the process stays up.
   */
  checkSettings?: (config: C, signal: AbortSignal) => Promise<SettingProblem | undefined>;
  /** How long stopping may take before the process exits anyway; default 10 s. */
  shutdownDeadlineMs?: (config: C) => number;
}

const DEFAULT_SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * The whole life of a long-running process (watcher, worker): settings, logger, metrics and health
 * server, graceful shutdown on SIGTERM/SIGINT. The ops server closes last, so /metrics stays
 * readable while the service winds down.
 */
export function runService<C extends ServiceConfig>(definition: ServiceDefinition<C>): void {
  runMain(definition.name, async () => {
    const config = definition.loadConfig(process.env);
    const logger = createLogger(definition.name, config.LOG_LEVEL);
    let service: Service | undefined;
    let ops: OpsServer | undefined;
    // First: a signal must be obeyed whatever the start is waiting for (Redis, the engine).
    const shutdown = onShutdownSignal(
      async () => {
        try {
          await service?.close();
        } finally {
          await ops?.close();
        }
      },
      { logger, deadlineMs: definition.shutdownDeadlineMs?.(config) ?? DEFAULT_SHUTDOWN_DEADLINE_MS },
    );
    const checkSettings = definition.checkSettings;
    await startWithSettingsCheck({
      check: checkSettings === undefined ? undefined : (signal) => checkSettings(config, signal),
      stopping: shutdown.signal,
      onLateProblem: (error) => logger.error({ problem: error.message }, "Redis refuses the settings; staying up (see /readyz) until they are fixed"),
      start: async () => {
        // Process metrics cost a little CPU even when idle: only when someone can read them.
        const registry = createMetricsRegistry({ processMetrics: config.DEHANDLER_METRICS_PORT !== 0 });
        service = await definition.create(config, logger, { registry });
        const running = service;
        ops =
          config.DEHANDLER_METRICS_PORT === 0
            ? undefined
            : await OpsServer.start({
                host: config.DEHANDLER_METRICS_HOST,
                port: config.DEHANDLER_METRICS_PORT,
                registry,
                readiness: running.readiness,
                alive: () => running.alive(),
                logger: logger.child({ component: "ops" }),
              });
        await running.start();
      },
    });
  });
}
