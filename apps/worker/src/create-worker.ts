import {
  connectionOptionsFor,
  DeadLetterQueue,
  engineQueueNames,
  migrateLegacyKeys,
  movedAnything,
  QueueStats,
  ContainerJobConsumer,
  REDIS_BACKOFF,
} from "@dehandler/contract";
import { connectEngine, engineIdentity } from "@dehandler/engine";
import { HostIpRunner, missingCapabilities, NetnsHandle, Spawner } from "@dehandler/netns";
import { Backoff, createMetricsRegistry, throttledErrorLog, type Logger, type ReadinessCheck, type Registry } from "@dehandler/service";
import { checkEngineTls } from "./check-engine-tls.js";
import type { WorkerConfig } from "./config.js";
import { handleContainerJob } from "./handle-container-job.js";
import { LocalStartRecords } from "./local-start-records.js";
import { raisePriority } from "./raise-priority.js";
import { readinessChecks } from "./readiness-checks.js";
import { WorkerMetrics } from "./worker-metrics.js";

export interface Worker {
  readonly engineId: string;
  /** What /readyz asks: Redis and the engine. */
  readonly readiness: readonly ReadinessCheck[];
  /** True until close() was called: what /healthz answers. */
  alive(): boolean;
  /** Resolves once the worker is connected and taking jobs. */
  start(): Promise<void>;
  /** Stops taking jobs and lets in-flight ones finish within the shutdown deadline. */
  close(): Promise<void>;
}

export interface WorkerOptions {
  /** Where the worker's metrics go; by default a registry of its own that nobody reads. */
  registry?: Registry;
}

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export async function createWorker(config: WorkerConfig, logger: Logger, options: WorkerOptions = {}): Promise<Worker> {
  await requireCapabilities();
  const docker = connectEngine(config.engine.url, config.engine.tls);
  const names = engineQueueNames(await engineIdentity(docker, config.DEHANDLER_ENGINE_ID));
  if (config.DEHANDLER_ENGINE_ID !== undefined) await checkEngineTls(docker, config.engine.url);
  const log = logger.child({ component: "worker", engine: names.engineId });
  raisePriority(config.DEHANDLER_WORKER_NICE, log);
  const connection = connectionOptionsFor(config.redis, "dehandler-worker");
  const hostNetns = await NetnsHandle.current();
  // nsenter/ip are started by a small helper process: forking the large worker for each of them
  // cost milliseconds of blocked event loop and CPU (docs/benchmarks.md).
  const spawner = new Spawner();
  // Host parts go to a long-lived ip process instead of one per job; the rest to the spawner.
  const runner = new HostIpRunner(spawner);
  const localStarts = await LocalStartRecords.open(config.DEHANDLER_STATE_DIR);
  const deadLetter = new DeadLetterQueue(names, connection);
  deadLetter.onError(throttledErrorLog(log, "redis connection error (dead-letter queue)"));
  const stats = new QueueStats(names, connection);
  stats.onError(throttledErrorLog(log, "redis connection error (queue stats)"));
  const metrics = new WorkerMetrics(options.registry ?? createMetricsRegistry({ processMetrics: false }), stats);

  const deps = {
    docker,
    hostNetns,
    deadLetter,
    localStarts,
    logger: log,
    labelVariables: config.labelVariables,
    scriptsDir: config.DEHANDLER_SCRIPTS_DIR,
    commandTimeoutMs: config.DEHANDLER_COMMAND_TIMEOUT_MS,
    ipExecutor: config.DEHANDLER_IP_EXECUTOR,
    runner,
    scriptTimeoutMs: config.DEHANDLER_SCRIPT_TIMEOUT_MS,
    hostPolicy: config.hostPolicy,
    metrics,
    // Scripts see PATH and the variables labels may use, never the rest (a Redis password).
    scriptEnv: {
      PATH: process.env.PATH ?? DEFAULT_PATH,
      ...Object.fromEntries(Object.entries(config.labelVariables.values).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    },
  };
  const consumer: ContainerJobConsumer = new ContainerJobConsumer(
    { names, connection, concurrency: config.DEHANDLER_CONCURRENCY, lockDurationMs: config.DEHANDLER_LOCK_DURATION_MS },
    (context): Promise<unknown> => handleContainerJob({ ...deps, claims: consumer.claims, hostChanges: consumer.hostChanges }, context),
  );
  // One throttle for the consumer and the key migration before it: an outage is a line, not two.
  const redisError = throttledErrorLog(log, "redis connection error");
  consumer.onError(redisError);
  consumer.onStalled((jobId) => log.warn({ jobId }, "a job's worker stopped renewing its lock (it died?); the job is queued again"));

  let closing: Promise<void> | undefined;
  const stopping = new AbortController();
  return {
    engineId: names.engineId,
    readiness: readinessChecks(stats, docker),
    alive: () => closing === undefined,
    start: async () => {
      spawner.start();
      // Keys of an earlier release (before their Cluster hash tag, the jobs queue's former name) are moved before the first job;
      // while Redis is away or refuses, tried again (the error said once), as the consumer would.
      const migrate = async (): Promise<void> => {
        const migrated = await migrateLegacyKeys(names, connection, { onError: redisError, signal: stopping.signal });
        if (movedAnything(migrated)) log.info({ migrated }, "moved this engine's keys of an earlier release to today's names");
      };
      const backoff = new Backoff(REDIS_BACKOFF);
      for (;;) {
        try {
          await migrate();
          break;
        } catch (error) {
          if (stopping.signal.aborted) return;
          redisError(error as Error);
          await backoff.wait(stopping.signal);
          if (stopping.signal.aborted) return;
        }
      }
      // A watcher of the earlier release still running (a second one kept during the upgrade)
      // queues under the former name: what it queues is moved within a minute, not at the next start.
      const recheck = setInterval(() => {
        migrate().catch((error: unknown) => {
          if (!stopping.signal.aborted) redisError(error as Error);
        });
      }, FORMER_QUEUE_RECHECK_MS);
      recheck.unref();
      stopping.signal.addEventListener("abort", () => clearInterval(recheck), { once: true });
      consumer.start();
      await consumer.waitUntilReady();
      log.info(
        {
          queue: names.jobs,
          concurrency: config.DEHANDLER_CONCURRENCY,
          scriptsDir: config.DEHANDLER_SCRIPTS_DIR ?? null,
          labelVars: config.labelVariables.allowed,
        },
        "worker taking jobs",
      );
    },
    close: () => {
      stopping.abort();
      closing ??= (async () => {
        const outcome = await consumer.close(config.DEHANDLER_SHUTDOWN_TIMEOUT_MS);
        if (outcome === "deadline") {
          log.warn(
            { deadlineMs: config.DEHANDLER_SHUTDOWN_TIMEOUT_MS },
            "jobs still running at the shutdown deadline; another worker takes them up when their lock expires",
          );
        }
        runner.close();
        await Promise.allSettled([deadLetter.close(), stats.close(), hostNetns.close(), spawner.close()]);
        log.info("worker stopped");
      })();
      return closing;
    },
  };
}

/** How often the worker looks for jobs queued under the jobs queue's former name (two EXISTS when there are none). */
const FORMER_QUEUE_RECHECK_MS = 60_000;

/** Fails at start, naming what is missing, rather than at the first job. */
async function requireCapabilities(): Promise<void> {
  const missing = await missingCapabilities(["NET_ADMIN", "SYS_ADMIN"]);
  if (missing.length === 0) return;
  throw new Error(
    `the worker lacks ${missing.map((name) => `CAP_${name}`).join(" and ")}: it needs NET_ADMIN to change addresses and routes ` +
      "and SYS_ADMIN to enter containers' network namespaces; run it as root, or in a container with " +
      "cap_add: [NET_ADMIN, SYS_ADMIN], pid: host and network_mode: host",
  );
}
