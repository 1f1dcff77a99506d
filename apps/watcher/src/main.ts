import { createLogger, createMetricsRegistry, onShutdownSignal, OpsServer, runMain } from "@dehandler/service";
import { loadWatcherConfig } from "./config.js";
import { createWatcher } from "./create-watcher.js";

runMain("dehandler-watcher", async () => {
  const config = loadWatcherConfig(process.env);
  const logger = createLogger("dehandler-watcher", config.LOG_LEVEL);
  const registry = createMetricsRegistry({ processMetrics: true });
  const watcher = await createWatcher(config, logger, { registry });
  const ops =
    config.DEHANDLER_METRICS_PORT === 0
      ? undefined
      : await OpsServer.start({
          host: config.DEHANDLER_METRICS_HOST,
          port: config.DEHANDLER_METRICS_PORT,
          registry,
          readiness: watcher.readiness,
          alive: () => watcher.alive(),
          logger: logger.child({ component: "ops" }),
        });
  // The ops server closes last: /metrics stays readable while the watcher winds down.
  onShutdownSignal(async () => {
    try {
      await watcher.close();
    } finally {
      await ops?.close();
    }
  });
  await watcher.start();
});
