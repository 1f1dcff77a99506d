import { runService } from "@dehandler/service";
import { loadWatcherConfig } from "./config.js";
import { createWatcher } from "./create-watcher.js";

runService({ name: "dehandler-watcher", loadConfig: loadWatcherConfig, create: createWatcher });
