import type { LevelWithSilent } from "pino";
import type { Registry } from "prom-client";
import { createLogger, type Logger } from "./create-logger.js";
import { createMetricsRegistry } from "./metrics-registry.js";
import { onShutdownSignal } from "./on-shutdown-signal.js";
import { OpsServer } from "./ops-server.js";
import type { ReadinessCheck } from "./readiness.js";
import { runMain } from "./run-main.js";

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
}

/**
 * The whole life of a long-running process (watcher, worker): settings, logger, metrics and health
 * server, graceful shutdown on SIGTERM/SIGINT. The ops server closes last, so /metrics stays
 * readable while the service winds down.
 */
export function runService<C extends ServiceConfig>(definition: ServiceDefinition<C>): void {
  runMain(definition.name, async () => {
    const config = definition.loadConfig(process.env);
    const logger = createLogger(definition.name, config.LOG_LEVEL);
    // Process metrics cost a little CPU even when idle: only when someone can read them.
    const registry = createMetricsRegistry({ processMetrics: config.DEHANDLER_METRICS_PORT !== 0 });
    const service = await definition.create(config, logger, { registry });
    const ops =
      config.DEHANDLER_METRICS_PORT === 0
        ? undefined
        : await OpsServer.start({
            host: config.DEHANDLER_METRICS_HOST,
            port: config.DEHANDLER_METRICS_PORT,
            registry,
            readiness: service.readiness,
            alive: () => service.alive(),
            logger: logger.child({ component: "ops" }),
          });
    onShutdownSignal(async () => {
      try {
        await service.close();
      } finally {
        await ops?.close();
      }
    });
    await service.start();
  });
}
