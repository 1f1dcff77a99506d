import { createLogger, onShutdownSignal, runMain } from "@dehandler/service";
import { loadWatcherConfig } from "./config.js";
import { createWatcher } from "./create-watcher.js";

runMain("dehandler-watcher", async () => {
  const config = loadWatcherConfig(process.env);
  const logger = createLogger("dehandler-watcher", config.LOG_LEVEL);
  const watcher = await createWatcher(config, logger);
  onShutdownSignal(() => watcher.close());
  await watcher.start();
});
