import { engineQueueNames, QueueStats, redisConnectionOptions, StartJobPublisher } from "@dehandler/contract";
import { connectEngine, engineIdentity } from "@dehandler/engine";
import { createMetricsRegistry, throttledErrorLog, type Logger, type ReadinessCheck, type Registry } from "@dehandler/service";
import type { WatcherConfig } from "./config.js";
import { followEngine } from "./follow-engine.js";
import { publishContainerStart } from "./publish-container-start.js";
import { readinessChecks } from "./readiness-checks.js";
import { WatcherMetrics } from "./watcher-metrics.js";

export interface Watcher {
  readonly engineId: string;
  /** What /readyz asks: Redis and the engine. */
  readonly readiness: readonly ReadinessCheck[];
  /** Resolves once the first sweep is done and events are followed. */
  start(): Promise<void>;
  /** True until the follow loop has ended or close() was called: what /healthz answers. */
  alive(): boolean;
  close(): Promise<void>;
}

export interface WatcherOptions {
  /** Where the watcher's metrics go; by default a registry of its own that nobody reads. */
  registry?: Registry;
}

export async function createWatcher(config: WatcherConfig, logger: Logger, options: WatcherOptions = {}): Promise<Watcher> {
  const docker = connectEngine(config.DOCKER_HOST);
  const names = engineQueueNames(await engineIdentity(docker, config.DEHANDLER_ENGINE_ID));
  const log = logger.child({ component: "watcher", engine: names.engineId });
  const connection = redisConnectionOptions(config.REDIS_URL, "dehandler-watcher", { ca: config.DEHANDLER_REDIS_CA_FILE?.pem });
  const publisher = new StartJobPublisher(names, connection, {
    attempts: config.DEHANDLER_JOB_ATTEMPTS,
    backoffMs: config.DEHANDLER_JOB_BACKOFF_MS,
  });
  publisher.onError(throttledErrorLog(log, "redis connection error"));
  const stats = new QueueStats(names, connection);
  stats.onError(throttledErrorLog(log, "redis connection error (health checks)"));
  const metrics = new WatcherMetrics(options.registry ?? createMetricsRegistry({ processMetrics: false }));

  const stop = new AbortController();
  let following: Promise<void> | undefined;
  let followEnded = false;
  let closing: Promise<void> | undefined;
  const publishDeps = { docker, publisher, engineId: names.engineId, logger: log, metrics };

  return {
    engineId: names.engineId,
    readiness: readinessChecks(stats, docker),
    alive: () => closing === undefined && !followEnded,
    start: () =>
      new Promise<void>((resolve, reject) => {
        log.info({ queue: names.start }, "watcher starting");
        following = followEngine(
          {
            docker,
            labelFilter: config.DEHANDLER_WATCH_LABELS,
            reconnectMaxMs: config.DEHANDLER_RECONNECT_MAX_MS,
            logger: log,
            metrics,
            publish: (containerId, source) => publishContainerStart(publishDeps, containerId, source),
          },
          stop.signal,
          resolve,
        );
        following.then(resolve, reject); // stopped before it ever connected
        void following
          .catch((error: unknown) => {
            if (!stop.signal.aborted) log.error({ err: error }, "following the engine ended unexpectedly");
          })
          .finally(() => {
            followEnded = true;
          });
      }),
    close: () => {
      closing ??= (async () => {
        stop.abort();
        await following?.catch(() => undefined);
        await Promise.allSettled([publisher.close(), stats.close()]);
        log.info("watcher stopped");
      })();
      return closing;
    },
  };
}
