import { engineQueueNames, redisConnectionOptions, StartJobPublisher } from "@dehandler/contract";
import { connectEngine, engineIdentity } from "@dehandler/engine";
import { throttledErrorLog, type Logger } from "@dehandler/service";
import type { WatcherConfig } from "./config.js";
import { followEngine } from "./follow-engine.js";
import { publishContainerStart } from "./publish-container-start.js";

export interface Watcher {
  readonly engineId: string;
  /** Resolves once the first sweep is done and events are followed. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function createWatcher(config: WatcherConfig, logger: Logger): Promise<Watcher> {
  const docker = connectEngine(config.DOCKER_HOST);
  const names = engineQueueNames(await engineIdentity(docker, config.DEHANDLER_ENGINE_ID));
  const log = logger.child({ component: "watcher", engine: names.engineId });
  const publisher = new StartJobPublisher(names, redisConnectionOptions(config.REDIS_URL, "dehandler-watcher", { ca: config.DEHANDLER_REDIS_CA_FILE?.pem }), {
    attempts: config.DEHANDLER_JOB_ATTEMPTS,
    backoffMs: config.DEHANDLER_JOB_BACKOFF_MS,
  });
  publisher.onError(throttledErrorLog(log, "redis connection error"));

  const stop = new AbortController();
  let following: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  const publishDeps = { docker, publisher, engineId: names.engineId, logger: log };

  return {
    engineId: names.engineId,
    start: () =>
      new Promise<void>((resolve, reject) => {
        log.info({ queue: names.start }, "watcher starting");
        following = followEngine(
          {
            docker,
            labelFilter: config.DEHANDLER_WATCH_LABELS,
            reconnectMaxMs: config.DEHANDLER_RECONNECT_MAX_MS,
            logger: log,
            publish: (containerId, source) => publishContainerStart(publishDeps, containerId, source),
          },
          stop.signal,
          resolve,
        );
        following.then(resolve, reject); // stopped before it ever connected
      }),
    close: () => {
      closing ??= (async () => {
        stop.abort();
        await following?.catch(() => undefined);
        await publisher.close();
        log.info("watcher stopped");
      })();
      return closing;
    },
  };
}
