import {
  DeadLetterQueue,
  engineQueueNames,
  jobKindOf,
  redisConnectionOptions,
  type ContainerJobKind,
  type DeadLetterEntry,
  type RedisConnectionOptions,
} from "@dehandler/contract";
import { EngineQueues, type JobState } from "./engine-queues.js";
import { startedAtToNano } from "@dehandler/engine";
import { mkdtempSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino, type Logger } from "pino";
import { loadWatcherConfig } from "../../apps/watcher/src/config.js";
import { createWatcher, type Watcher } from "../../apps/watcher/src/create-watcher.js";
import { loadWorkerConfig } from "../../apps/worker/src/config.js";
import { createWorker, type Worker } from "../../apps/worker/src/create-worker.js";
import { AppProcess, type AppName } from "./app-process.js";
import type { Cleanup } from "./cleanup.js";
import type { StartedContainer } from "./containers.js";
import { waitFor } from "./wait-for.js";

export interface StackOptions {
  dockerHost: string;
  redisUrl: string;
  /** Unique per test: it scopes the queues, so tests never see each other's jobs. */
  engineId: string;
  /** The label every container of this test carries; the watcher follows only those. */
  runLabel: string;
  env?: Record<string, string>;
  /** How the stack's own clients reach Redis, when not at `redisUrl` (a Sentinel master). */
  connection?: RedisConnectionOptions;
  /** Applied on top of `env` for the watcher only (e.g. reaching the engine through a proxy). */
  watcherEnv?: Record<string, string>;
}

/** Log lines captured from watcher and worker, for assertions on what was logged. */
export class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  readonly logger: Logger = pino({ level: "debug" }, { write: (line: string) => this.lines.push(JSON.parse(line) as Record<string, unknown>) });

  withMessage(msg: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.msg === msg);
  }
}

/**
 * The whole path as in production — watcher → Redis → worker — built in-process from the same
 * factories and config loaders the entry files use, against the real engine and Redis.
 */
export class Stack {
  readonly logs = new LogCapture();
  readonly queues: EngineQueues;
  readonly deadLetter: DeadLetterQueue;
  private watcher: Watcher | undefined;
  private worker: Worker | undefined;
  private readonly processes: AppProcess[] = [];
  /** The workers' DEHANDLER_STATE_DIR. */
  readonly stateDir: string;

  constructor(
    private readonly options: StackOptions,
    cleanup: Cleanup,
  ) {
    // The stack's own clients trust the same CA as the processes (a rediss:// test Redis).
    const caFile = options.env?.DEHANDLER_REDIS_CA_FILE;
    const connection =
      options.connection ?? redisConnectionOptions(options.redisUrl, undefined, { ca: caFile ? readFileSync(caFile, "utf8") : undefined });
    const names = engineQueueNames(options.engineId);
    this.queues = new EngineQueues(names, connection);
    this.deadLetter = new DeadLetterQueue(names, connection);
    // Tests that restart Redis expect these clients to reconnect quietly.
    this.queues.onError(() => undefined);
    this.deadLetter.onError(() => undefined);
    // Each stack's workers keep what they handled in a folder of the stack's own, not in /run.
    this.stateDir = mkdtempSync(join(tmpdir(), "dh-state-"));
    cleanup.defer(`state of ${options.engineId}`, () => rm(this.stateDir, { recursive: true, force: true }));
    cleanup.defer(`queues of ${options.engineId}`, async () => {
      for (const child of this.processes) if (child.running) child.kill("SIGKILL");
      await Promise.all(this.processes.map((child) => child.exited()));
      await this.stopWatcher();
      await this.stopWorker();
      await this.queues.obliterate();
      await Promise.all([this.queues.close(), this.deadLetter.close()]);
    });
  }

  private env(): Record<string, string> {
    return {
      DOCKER_HOST: this.options.dockerHost,
      REDIS_URL: this.options.redisUrl,
      DEHANDLER_ENGINE_ID: this.options.engineId,
      DEHANDLER_WATCH_LABELS: this.options.runLabel,
      LOG_LEVEL: "debug",
      DEHANDLER_STATE_DIR: this.stateDir,
      ...this.options.env,
    };
  }

  /** Starts the built watcher or worker as its own process, with this stack's settings. */
  async spawn(app: AppName, env: Record<string, string> = {}): Promise<AppProcess> {
    const child = new AppProcess(app, { ...this.env(), ...(app === "watcher" ? this.options.watcherEnv : {}), ...env });
    this.processes.push(child);
    return child.ready();
  }

  async startWatcher(): Promise<void> {
    this.watcher = await createWatcher(loadWatcherConfig({ ...this.env(), ...this.options.watcherEnv }), this.logs.logger);
    await this.watcher.start();
  }

  async stopWatcher(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
  }

  async startWorker(): Promise<void> {
    this.worker = await createWorker(loadWorkerConfig(this.env()), this.logs.logger);
    await this.worker.start();
  }

  async stopWorker(): Promise<void> {
    await this.worker?.close();
    this.worker = undefined;
  }

  async start(): Promise<void> {
    await this.startWorker();
    await this.startWatcher();
  }

  get engineId(): string {
    return this.options.engineId;
  }

  /**
   * The job that stands for this start: the one that claimed it, else the first one queued for it
   * (by its StartedAt, or by the first start event at or after it). Waits until there is one.
   */
  async jobIdOf(container: StartedContainer, timeoutMs = 30_000): Promise<string> {
    const started = startedAtToNano(container.startedAt) ?? 0n;
    return waitFor(
      async () => {
        const holder = await this.queues.claims.holder(container.id, container.startedAt);
        if (holder !== undefined) return holder;
        const queued = (await this.queues.jobs()).filter(
          ({ data }) =>
            data.containerId === container.id &&
            jobKindOf(data) === "start" &&
            (data.startedAt === container.startedAt || (data.eventTime !== undefined && BigInt(data.eventTime) >= started)),
        );
        const order = (eventTime: string | undefined): bigint => (eventTime === undefined ? -1n : BigInt(eventTime));
        queued.sort((a, b) => (order(a.data.eventTime) < order(b.data.eventTime) ? -1 : 1));
        return queued[0]?.id;
      },
      { timeoutMs, what: `a job for the start of ${container.name}` },
    );
  }

  /** Waits until the job for this start has finished (either way) and returns its state. */
  async finished(container: StartedContainer, timeoutMs = 30_000): Promise<JobState> {
    const finishedJob = (jobId: string) =>
      waitFor(
        async () => {
          const job = await this.queues.job(jobId);
          return job !== undefined && (job.state === "completed" || job.state === "failed") ? job : undefined;
        },
        { timeoutMs, what: `job ${jobId} of ${container.name} to finish` },
      );
    const job = await finishedJob(await this.jobIdOf(container, timeoutMs));
    // Picked before any job claimed the start, it may have lost the claim: the winner stands for it.
    const handledBy = (job.returnValue as { outcome?: string; handledBy?: string } | undefined)?.handledBy;
    if (handledBy === undefined || (await this.queues.job(handledBy)) === undefined) return job;
    return finishedJob(handledBy);
  }

  /**
   * Waits until `count` jobs of this kind (stop, connect) for the container have finished, and
   * returns them in event order, with their ids.
   */
  async finishedOfKind(
    container: Pick<StartedContainer, "id" | "name">,
    kind: ContainerJobKind,
    count = 1,
    timeoutMs = 30_000,
  ): Promise<(JobState & { id: string })[]> {
    return waitFor(
      async () => {
        const jobs = (await this.queues.jobs()).filter(({ data }) => data.containerId === container.id && jobKindOf(data) === kind);
        jobs.sort((a, b) => (BigInt(a.data.eventTime ?? "0") < BigInt(b.data.eventTime ?? "0") ? -1 : 1));
        const states: (JobState & { id: string })[] = [];
        for (const { id } of jobs) {
          const state = await this.queues.job(id);
          if (state === undefined || (state.state !== "completed" && state.state !== "failed")) return undefined;
          states.push({ ...state, id });
        }
        return states.length >= count ? states : undefined;
      },
      { timeoutMs, what: `${count} ${kind} job(s) of ${container.name} to finish` },
    );
  }

  async deadLetterEntry(container: StartedContainer, timeoutMs = 30_000): Promise<DeadLetterEntry> {
    const jobId = await this.jobIdOf(container, timeoutMs);
    return waitFor(() => this.deadLetter.get(jobId), { timeoutMs, what: `dead-letter entry ${jobId}` });
  }
}
