import { runService } from "@dehandler/service";
import { loadWorkerConfig } from "./config.js";
import { createWorker } from "./create-worker.js";

runService({ name: "dehandler-worker", loadConfig: loadWorkerConfig, create: createWorker });
