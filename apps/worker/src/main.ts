import { createLogger, onShutdownSignal, runMain } from "@dehandler/service";
import { loadWorkerConfig } from "./config.js";
import { createWorker } from "./create-worker.js";

runMain("dehandler-worker", async () => {
  const config = loadWorkerConfig(process.env);
  const logger = createLogger("dehandler-worker", config.LOG_LEVEL);
  const worker = await createWorker(config, logger);
  onShutdownSignal(() => worker.close());
  await worker.start();
});
