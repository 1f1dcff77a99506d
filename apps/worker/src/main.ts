import { createLogger, createMetricsRegistry, onShutdownSignal, OpsServer, runMain } from "@dehandler/service";
import { loadWorkerConfig } from "./config.js";
import { createWorker } from "./create-worker.js";

runMain("dehandler-worker", async () => {
  const config = loadWorkerConfig(process.env);
  const logger = createLogger("dehandler-worker", config.LOG_LEVEL);
  const registry = createMetricsRegistry({ processMetrics: true });
  const worker = await createWorker(config, logger, { registry });
  const ops =
    config.DEHANDLER_METRICS_PORT === 0
      ? undefined
      : await OpsServer.start({
          host: config.DEHANDLER_METRICS_HOST,
          port: config.DEHANDLER_METRICS_PORT,
          registry,
          readiness: worker.readiness,
          alive: () => worker.alive(),
          logger: logger.child({ component: "ops" }),
        });
  // The ops server closes last: /metrics stays readable while the worker winds down.
  onShutdownSignal(async () => {
    try {
      await worker.close();
    } finally {
      await ops?.close();
    }
  });
  await worker.start();
});
