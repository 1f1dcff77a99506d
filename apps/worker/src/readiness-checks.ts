import type { QueueStats } from "@dehandler/contract";
import type { ReadinessCheck } from "@dehandler/service";
import type Docker from "dockerode";

// dockerode's types omit ping's options, though it passes abortSignal on like every call.
type PingWithOptions = (options: { abortSignal: AbortSignal }) => Promise<unknown>;

/** The worker can do its work when Redis and the engine both answer. */
export function readinessChecks(stats: QueueStats, docker: Docker): ReadinessCheck[] {
  return [
    { name: "redis", check: () => stats.ping() },
    { name: "engine", check: async (signal) => void (await (docker.ping as unknown as PingWithOptions).call(docker, { abortSignal: signal })) },
  ];
}
