import { setTimeout as sleep } from "node:timers/promises";
import { AppProcess } from "../../test/harness/app-process.js";
import type { Cleanup } from "../../test/harness/cleanup.js";
import type { IpExecutorName } from "@dehandler/netns";

export interface BenchApps {
  watcher: AppProcess;
  worker: AppProcess;
}

export interface BenchAppsOptions {
  dockerHost: string;
  redisUrl: string;
  engineId: string;
  watchLabel: string;
  executor: IpExecutorName;
  hostRouteCidrs: readonly string[];
}

const STOP_PATIENCE_MS = 30_000;

/**
 * Watcher and worker as the real, built processes, fresh for the phase. Both log at info: the
 * watcher says it is ready at that level, and the bench reads the worker's "container configured"
 * lines. Their stop is registered before they start, so a failed start is cleaned up as well.
 */
export async function startBenchApps(cleanup: Cleanup, options: BenchAppsOptions): Promise<BenchApps> {
  const common = {
    DOCKER_HOST: options.dockerHost,
    REDIS_URL: options.redisUrl,
    DEHANDLER_ENGINE_ID: options.engineId,
    LOG_LEVEL: "info",
  };
  const watcher = new AppProcess("watcher", { ...common, DEHANDLER_WATCH_LABELS: options.watchLabel });
  cleanup.defer("watcher", () => stopApp(watcher));
  const worker = new AppProcess("worker", {
    ...common,
    DEHANDLER_IP_EXECUTOR: options.executor,
    DEHANDLER_HOST_CHANGES: "allow",
    DEHANDLER_HOST_ROUTE_CIDRS: options.hostRouteCidrs.join(","),
  });
  cleanup.defer("worker", () => stopApp(worker));
  // Both waits end before a failure is thrown: no timer is left to reject unobserved.
  const [watcherReady, workerReady] = await Promise.allSettled([watcher.ready(), worker.ready()]);
  if (watcherReady.status === "rejected") throw watcherReady.reason;
  if (workerReady.status === "rejected") throw workerReady.reason;
  return { watcher, worker };
}

/** SIGTERM and wait; SIGKILL if it has not exited after 30 s. */
async function stopApp(app: AppProcess): Promise<void> {
  if (app.running) app.kill("SIGTERM");
  const patience = new AbortController();
  const exited = app.exited();
  const late = await Promise.race([exited.then(() => false), sleep(STOP_PATIENCE_MS, true, { signal: patience.signal }).catch(() => false)]);
  patience.abort();
  if (late) {
    app.kill("SIGKILL");
    await exited;
    throw new Error(`${app.app} did not exit within ${STOP_PATIENCE_MS / 1000} s of SIGTERM; killed`);
  }
}
