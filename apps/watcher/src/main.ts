import { checkRedisSettings, connectionOptionsFor } from "@dehandler/contract";
import { runService } from "@dehandler/service";
import { loadWatcherConfig } from "./config.js";
import { createWatcher } from "./create-watcher.js";

runService({
  name: "dehandler-watcher",
  loadConfig: loadWatcherConfig,
  create: createWatcher,
  checkSettings: (config, signal) => checkRedisSettings(connectionOptionsFor(config.redis, "dehandler-watcher"), { signal }),
});
