import { checkRedisSettings, connectionOptionsFor } from "@dehandler/contract";
import { runService } from "@dehandler/service";
import { loadWorkerConfig } from "./config.js";
import { createWorker } from "./create-worker.js";

// Past the jobs' own deadline, a few seconds to close the connections; then the process exits anyway.
const CLOSE_MARGIN_MS = 5000;

runService({
  name: "dehandler-worker",
  loadConfig: loadWorkerConfig,
  create: createWorker,
  checkSettings: (config, signal) => checkRedisSettings(connectionOptionsFor(config.redis, "dehandler-worker"), { signal }),
  shutdownDeadlineMs: (config) => config.DEHANDLER_SHUTDOWN_TIMEOUT_MS + CLOSE_MARGIN_MS,
});
