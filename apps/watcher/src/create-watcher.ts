import { connectionOptionsFor } from "@dehandler/contract";
import { createMetricsRegistry, type Logger, type ReadinessCheck, type Registry } from "@dehandler/service";
import type { WatcherConfig } from "./config.js";
import { EngineWatch } from "./engine-watch.js";
import { WatcherMetrics } from "./watcher-metrics.js";

export interface Watcher {
  /** The queue scope of the engine followed; with several engines, those identified so far, comma-separated. */
  readonly engineId: string;
  /** What /readyz asks: Redis and every engine. */
  readonly readiness: readonly ReadinessCheck[];
  /**
   * Resolves once the first sweep is done and events are followed; with several engines, once
   * every engine has either been connected to or failed its first attempt (it is retried on its own).
   */
  start(): Promise<void>;
  /** True until a follow loop has ended or close() was called: what /healthz answers. */
  alive(): boolean;
  close(): Promise<void>;
}

export interface WatcherOptions {
  /** Where the watcher's metrics go; by default a registry of its own that nobody reads. */
  registry?: Registry;
}

export async function createWatcher(config: WatcherConfig, logger: Logger, options: WatcherOptions = {}): Promise<Watcher> {
  const log = logger.child({ component: "watcher" });
  const connection = connectionOptionsFor(config.redis, "dehandler-watcher");
  const metrics = new WatcherMetrics(options.registry ?? createMetricsRegistry({ processMetrics: false }));
  const settings = {
    connection,
    attempts: config.DEHANDLER_JOB_ATTEMPTS,
    backoffMs: config.DEHANDLER_JOB_BACKOFF_MS,
    labelFilter: config.DEHANDLER_WATCH_LABELS,
    reconnectMaxMs: config.DEHANDLER_RECONNECT_MAX_MS,
    tls: config.engineTls,
  };
  const engines = config.engines.map((endpoint) => new EngineWatch(endpoint, settings, log, metrics.forEngine(endpoint.url)));
  const single = engines.length === 1;
  // One engine: as before, an engine that cannot tell its identity stops the watcher at start.
  // Several: each is identified in its own loop, so one engine down never holds up the others.
  if (single) await engines[0]?.identify();

  const stop = new AbortController();
  let following: Promise<void>[] = [];
  let followEnded = false;
  let closing: Promise<void> | undefined;

  const redisCheck: ReadinessCheck = {
    name: "redis",
    check: async () => {
      // Every engine's queues live in the same Redis: one round trip answers for all.
      const identified = engines.find((engine) => engine.engineId !== undefined);
      if (identified === undefined) throw new Error("no engine identified yet, so no queue to reach Redis through");
      await identified.pingRedis();
    },
  };

  return {
    get engineId() {
      return engines
        .map((engine) => engine.engineId)
        .filter((id) => id !== undefined)
        .join(",");
    },
    readiness: [redisCheck, ...engines.map((engine) => engine.engineCheck(single ? "engine" : `engine ${engine.endpoint.url}`))],
    alive: () => closing === undefined && !followEnded,
    start: () =>
      new Promise<void>((resolve, reject) => {
        let pending = engines.length;
        following = engines.map((engine) => {
          let settled = false;
          const settle = (): void => {
            if (settled) return;
            settled = true;
            pending -= 1;
            if (pending === 0) resolve();
          };
          const run = engine.run(stop.signal, settle, single ? () => undefined : settle);
          void run
            .catch((error: unknown) => {
              if (!stop.signal.aborted) log.error({ err: error, endpoint: engine.endpoint.url }, "following the engine ended unexpectedly");
            })
            .finally(() => {
              if (!stop.signal.aborted) followEnded = true;
            });
          return run;
        });
        // Stopped before every engine was ever reached.
        Promise.all(following).then(() => resolve(), reject);
      }),
    close: () => {
      closing ??= (async () => {
        stop.abort();
        await Promise.allSettled(following);
        await Promise.allSettled(engines.map((engine) => engine.close()));
        log.info("watcher stopped");
      })();
      return closing;
    },
  };
}
