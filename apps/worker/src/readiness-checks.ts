import type { QueueStats } from "@dehandler/contract";
import { pingEngine } from "@dehandler/engine";
import type { ReadinessCheck } from "@dehandler/service";
import type Docker from "dockerode";

/** The worker can do its work when Redis and the engine both answer. */
export function readinessChecks(stats: QueueStats, docker: Docker): ReadinessCheck[] {
  return [
    { name: "redis", check: () => stats.ping() },
    { name: "engine", check: (signal) => pingEngine(docker, signal) },
  ];
}
