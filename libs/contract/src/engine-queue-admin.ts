import { Queue, type Job } from "bullmq";
import type { ContainerJob } from "./container-job.js";
import { DeadLetterQueue, type SharedRedisClient } from "./dead-letter-queue.js";
import { addContainerJob, jobIdOf, type RetryPolicy } from "./job-catalog.js";
import { StartClaims } from "./start-claims.js";
import type { EngineQueueNames } from "./queue-names.js";
import type { RedisConnectionOptions } from "./redis-connection.js";
import type { WorkerCensus } from "./worker-census.js";

const START_TYPES = ["waiting", "active", "delayed", "completed", "failed", "prioritized"] as const;

export interface EngineQueueStatus {
  engineId: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  deadLetter: number;
  workers: number;
  /** seenAt (ms) of the most recently queued start, if any job is kept. */
  lastQueuedAt: number | undefined;
  /** Age (ms) of the oldest waiting job: how far the workers are behind. 0 when none waits. */
  lagMs: number;
  /**
   * Only when jobs are active and no worker is connected (their worker stopped or died): how long
   * the longest of their locks still holds (ms; 0: all expired). A worker of this engine takes
   * them again once it has.
   */
  orphanLockMs?: number;
}

export type EnqueueOutcome = { jobId: string; created: true } | { jobId: string; created: false; state: string };

export type RetryOutcome =
  | { outcome: "retried"; jobId: string }
  | { outcome: "no-entry"; jobId: string }
  | { outcome: "job-gone"; jobId: string }
  | { outcome: "not-failed"; jobId: string; state: string };

/**
 * The operator's side of one engine's queues (the dehandler command): counts, manual starts and
 * the dead-letter queue. It never writes queue metadata, so looking at an engine that has no
 * queues leaves no keys behind.
 */
export class EngineQueueAdmin {
  private readonly jobs: Queue;
  /** The engine's dead-letter queue: list, show, drop. */
  readonly deadLetters: DeadLetterQueue;
  private readonly claims: StartClaims;
  private closing: Promise<void> | undefined;

  constructor(
    readonly names: EngineQueueNames,
    /** Options (the admin's own connections), or a client shared by many admins (left open at close). */
    connection: RedisConnectionOptions | SharedRedisClient,
    jobsQueue = names.jobs,
  ) {
    // No version check either: a status over a fleet would ask INFO twice per engine.
    this.jobs = new Queue(jobsQueue, { connection, skipMetasUpdate: true, skipVersionCheck: true });
    this.deadLetters = new DeadLetterQueue(names, connection, { inspectOnly: true });
    this.claims = new StartClaims(names, this.jobs);
  }

  /**
   * The admin of an engine's queues; the jobs queue is read under its former name when only that
   * exists: an engine whose watcher and worker are all still of an earlier release (they move it
   * to the new name when they start). Once a process of this release runs, the new name is the one.
   */
  static async open(
    names: EngineQueueNames,
    connection: RedisConnectionOptions | SharedRedisClient,
    /** The connections' errors (calls fail on their own); registered before anything is sent. */
    onError: (error: Error) => void,
  ): Promise<EngineQueueAdmin> {
    const admin = new EngineQueueAdmin(names, connection);
    admin.onError(onError);
    // A queue exists once BullMQ wrote its meta hash (a queue object, or any add, writes it).
    const client = await admin.jobs.getBackend().client;
    const exists = async (queue: string): Promise<boolean> => Object.keys(await client.hgetall(`bull:${queue}:meta`)).length > 0;
    if ((await exists(names.jobs)) || !(await exists(names.formerJobs))) return admin;
    await admin.close();
    const former = new EngineQueueAdmin(names, connection, names.formerJobs);
    former.onError(onError);
    return former;
  }

  onError(listener: (error: Error) => void): void {
    this.jobs.on("error", listener);
    this.deadLetters.onError(listener);
  }

  /** `census`: connected workers read once for many engines (else this queue asks Redis itself). */
  async status(now = Date.now(), census?: WorkerCensus): Promise<EngineQueueStatus> {
    const counts = await this.jobs.getJobCounts("waiting", "prioritized", "active", "delayed", "failed", "completed");
    const deadLetter = await this.deadLetters.count();
    const workers = census === undefined ? (await this.jobs.getWorkers()).length : census.workersOf(this.jobs.getBackend().clientName());
    const newest = await Promise.all(START_TYPES.map((type) => this.jobs.getJobs([type], 0, 0, false)));
    const lastQueuedAt = newest
      .flat()
      .map((job) => seenAtOf(job))
      .reduce<number | undefined>(
        (latest, seenAt) => (seenAt !== undefined && (latest === undefined || seenAt > latest) ? seenAt : latest),
        undefined,
      );
    const [oldestWaiting] = await this.jobs.getJobs(["waiting", "prioritized"], 0, 0, true);
    return {
      engineId: this.names.engineId,
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      completed: counts.completed ?? 0,
      deadLetter,
      workers,
      lastQueuedAt,
      lagMs: oldestWaiting === undefined ? 0 : Math.max(0, now - oldestWaiting.timestamp),
      ...(workers === 0 && (counts.active ?? 0) > 0 ? { orphanLockMs: await this.longestActiveLockMs() } : {}),
    };
  }

  /** The remaining time of the longest lock among the active jobs (the first 1,000); 0 when none holds. */
  private async longestActiveLockMs(): Promise<number> {
    const ids = await this.jobs.getActive(0, 999);
    // BullMQ's client is ioredis underneath; its wrapper type lacks PTTL.
    const client = (await this.jobs.getBackend().client) as unknown as { pttl(key: string): Promise<number> };
    const remaining = await Promise.all(ids.map((job) => client.pttl(`bull:${this.jobs.name}:${job.id ?? ""}:lock`)));
    return Math.max(0, ...remaining);
  }

  /**
   * Queues a start unless a job for it exists already: one that claimed the start (whichever way
   * it was seen), or one with the same id (same id rule as the watcher's sweep).
   */
  async enqueueStart(job: ContainerJob, retry: RetryPolicy): Promise<EnqueueOutcome> {
    const holder = job.startedAt === undefined ? undefined : await this.claims.holder(job.containerId, job.startedAt);
    const jobId = holder ?? jobIdOf(job);
    // Checked first so the operator learns what happened; BullMQ would keep the old job anyway.
    const state = await this.jobs.getJobState(jobId);
    if (state !== "unknown") return { jobId, created: false, state };
    await addContainerJob(this.jobs, job, retry, jobId);
    return { jobId, created: true };
  }

  /**
   * Runs a dead-lettered start again: the failed job goes back to waiting with its attempts reset
   * (job.retry), and the entry is removed. The entry goes first — a retry that fails again writes a
   * new one under the same id, which an entry still present would swallow — and is put back if the
   * retry cannot be made.
   */
  async retryDeadLetter(jobId: string): Promise<RetryOutcome> {
    const entry = await this.deadLetters.get(jobId);
    if (entry === undefined) return { outcome: "no-entry", jobId };
    const startJob = await this.jobs.getJob(jobId);
    if (startJob === undefined) return { outcome: "job-gone", jobId };
    const state = await startJob.getState();
    if (state !== "failed") return { outcome: "not-failed", jobId, state };
    await this.deadLetters.remove(jobId);
    try {
      await startJob.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
    } catch (error) {
      await this.deadLetters.add(entry);
      throw error;
    }
    return { outcome: "retried", jobId };
  }

  close(): Promise<void> {
    this.closing ??= Promise.allSettled([this.jobs.close(), this.deadLetters.close()]).then(() => undefined);
    return this.closing;
  }
}

function seenAtOf(job: Job | undefined): number | undefined {
  const seenAt = (job?.data as { seenAt?: unknown } | undefined)?.seenAt;
  return typeof seenAt === "number" ? seenAt : undefined;
}
