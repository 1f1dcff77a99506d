import { UnrecoverableError, Worker, type Job } from "bullmq";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { ContainerJobSchema, type ContainerJob } from "./container-job.js";
import { isPermanent } from "./dehandler-error.js";
import type { EngineQueueNames } from "./queue-names.js";
import type { RedisConnectionOptions } from "./redis-connection.js";
import { HostChangeLedger } from "./host-change-ledger.js";
import { StartClaims } from "./start-claims.js";

export interface ContainerJobContext {
  id: string;
  data: ContainerJob;
  attemptsMade: number;
  attempts: number;
  /** When a worker took this attempt of the job (ms since the epoch), as BullMQ recorded it. */
  takenAt: number | undefined;
  /** True when a failure with this error ends the job for good (no retry left or not retryable). */
  isFinalFailure(error: unknown): boolean;
  /**
   * How many times a worker died (or stopped renewing its lock) while running this job, as
   * BullMQ's stalled-job check counted them.
   */
  workerDeaths: number;
  /** Who took the job so far, oldest first: "host pid N (worker id) at ISO time", one per take. */
  takers(): Promise<string[]>;
}

export interface ContainerJobConsumerOptions {
  names: EngineQueueNames;
  connection: RedisConnectionOptions;
  concurrency: number;
  /** How long a job's lock lasts; a worker that dies holding it hands the job back after this. */
  lockDurationMs: number;
}

export type ContainerJobHandler = (context: ContainerJobContext) => Promise<unknown>;

/** The one place where domain failures become BullMQ semantics (UnrecoverableError). */
export class ContainerJobConsumer {
  private readonly worker: Worker;
  /** Which job handles which start: a job finding its start claimed by another does nothing. */
  readonly claims: StartClaims;
  /** Which container holds which host change. */
  readonly hostChanges: HostChangeLedger;
  private closing: Promise<"drained" | "deadline"> | undefined;
  /** Jobs whose handler is running, and who waits for there to be none. */
  private inFlight = 0;
  private lastHandlerEnd = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(options: ContainerJobConsumerOptions, handler: ContainerJobHandler) {
    this.worker = new Worker(options.names.jobs, (job: Job) => this.track(runHandler(job, handler, this.takerLine(), this.stalls)), {
      connection: options.connection,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      // Checking for stalled jobs as often as a lock lasts bounds how long a dead worker's job
      // waits to be taken up again: between one and two lock durations.
      stalledInterval: options.lockDurationMs,
      // The handler dead-letters a job its workers died running too often (with who they were);
      // BullMQ's own limit, which fails a job with no record, is only a backstop past it.
      maxStalledCount: MAX_STALLS_BACKSTOP,
      autorun: false,
    });
    this.claims = new StartClaims(options.names, this.worker);
    this.hostChanges = new HostChangeLedger(options.names, this.worker);
  }

  onError(listener: (error: Error) => void): void {
    this.worker.on("error", listener);
  }

  /** Calls `listener` with each job this worker found held by a worker that stopped renewing its lock. */
  onStalled(listener: (jobId: string) => void): void {
    this.worker.on("stalled", listener);
  }

  /** Calls `listener` with each job this worker finished, and when (ms since the epoch). */
  onCompleted(listener: (data: ContainerJob, finishedAt: number) => void): void {
    this.worker.on("completed", (job: Job) => listener(job.data as ContainerJob, job.finishedOn ?? Date.now()));
  }

  start(): void {
    // run() resolves only when the worker is closed; its failures surface through "error".
    this.worker.run().catch((error: unknown) => this.worker.emit("error", error as Error));
  }

  async waitUntilReady(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /**
   * Stops taking jobs and waits for the ones in flight, at most `deadlineMs`. Past it, the
   * remaining jobs are left to the stalled-job check, which hands them to another worker once
   * their lock expires; the caller is expected to exit. (BullMQ's close cannot be forced once a
   * graceful close has begun, hence the race.)
   */
  close(deadlineMs: number): Promise<"drained" | "deadline"> {
    this.closing ??= (async () => {
      const stop = new AbortController();
      const deadline = sleep(deadlineMs, "deadline" as const, { signal: stop.signal });
      const closed = this.worker.close().then(() => "drained" as const);
      // BullMQ's close also waits for Redis to take the last results (and never stops waiting
      // while Redis is away or refuses): once no handler has run for a while, that wait ends.
      const handlersDone = this.quietFor(CLOSE_AFTER_IDLE_MS, stop.signal).then(() => "drained" as const);
      const outcome = await Promise.race([closed, handlersDone, deadline]);
      stop.abort();
      return outcome;
    })();
    return this.closing;
  }

  /** Resolves once no handler has run for `ms` in a row (a job fetched just before close still runs). */
  private async quietFor(ms: number, signal: AbortSignal): Promise<void> {
    for (;;) {
      await this.idle();
      await sleep(ms, undefined, { signal });
      if (this.inFlight === 0 && this.lastHandlerEnd <= performance.now() - ms) return;
    }
  }

  private takerLine(): string {
    return `${hostname()} pid ${process.pid} (worker ${this.worker.id}) at ${new Date().toISOString()}`;
  }

  /** The job's record of who took it, and its stall count (BullMQ's `stc` field), which a retry does not reset. */
  private readonly stalls: StallRecords = {
    takers: async (jobId) => (await this.worker.getBackend().client).lrange(`${this.worker.toKey(jobId)}:logs`, 0, -1),
    forget: async (jobId) => void (await (await this.worker.getBackend().client).hdel(this.worker.toKey(jobId), "stc")),
  };

  private async track<T>(running: Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await running;
    } finally {
      this.inFlight -= 1;
      this.lastHandlerEnd = performance.now();
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  private idle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

/** After the last handler returned, how long the close may still wait for Redis. */
const CLOSE_AFTER_IDLE_MS = 3000;

/** Past this many stalls BullMQ fails a job by itself; the worker's own limit is well below. */
const MAX_STALLS_BACKSTOP = 10;

interface StallRecords {
  takers(jobId: string): Promise<string[]>;
  forget(jobId: string): Promise<void>;
}

async function runHandler(job: Job, handler: ContainerJobHandler, taker: string, stalls: StallRecords): Promise<unknown> {
  // Who took it, written as the job starts (not awaited: it rides the same connection ahead of
  // the job's own commands); a job whose workers keep dying names them in its dead-letter entry.
  job.log(taker).catch(() => undefined);
  const parsed = ContainerJobSchema.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(`job ${job.id ?? "?"} has an invalid payload: ${parsed.error.message}`);
  }
  const attempts = job.opts.attempts ?? 1;
  const context: ContainerJobContext = {
    id: job.id ?? "",
    data: parsed.data,
    attemptsMade: job.attemptsMade,
    attempts,
    takenAt: job.processedOn,
    isFinalFailure: (error) => isPermanent(error) || job.attemptsMade + 1 >= attempts,
    workerDeaths: job.stalledCounter,
    takers: () => stalls.takers(job.id ?? ""),
  };
  try {
    return await handler(context);
  } catch (error) {
    // Failed for good: a retry (the CLI's, the board's) starts with no deaths counted.
    if (job.stalledCounter > 0 && context.isFinalFailure(error)) await stalls.forget(job.id ?? "").catch(() => undefined);
    if (isPermanent(error)) throw new UnrecoverableError(error.message);
    throw error;
  }
}
