import { Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { DeadLetterEntrySchema, type DeadLetterEntry } from "./dead-letter-entry.js";
import type { EngineQueueNames } from "./queue-names.js";
import type { RedisConnectionOptions } from "./redis-connection.js";

const JOB_NAME = "dead-letter";
const ENTRY_STATES = ["waiting", "delayed", "prioritized"] as const;

/** A Redis client shared by many queue objects (the command line's status of a fleet): left open at close. */
export type SharedRedisClient = Redis | Cluster;

// Nothing consumes this queue: its jobs are a durable record for people (Bull Board, CLI), written
// by the worker, read and removed by the operator's tools. Entries reuse the failed job's id, so a
// worker that dies after writing one and re-runs the job does not write it twice.
export class DeadLetterQueue {
  private readonly queue: Queue;
  private closing: Promise<void> | undefined;

  constructor(
    names: EngineQueueNames,
    connection: RedisConnectionOptions | SharedRedisClient,
    /** An inspector (the command line) leaves no keys behind when it looks at an engine without queues. */
    { inspectOnly = false }: { inspectOnly?: boolean } = {},
  ) {
    this.queue = new Queue(names.deadLetter, { connection, ...(inspectOnly ? { skipMetasUpdate: true, skipVersionCheck: true } : {}) });
  }

  onError(listener: (error: Error) => void): void {
    this.queue.on("error", listener);
  }

  async add(entry: DeadLetterEntry): Promise<void> {
    await this.queue.add(JOB_NAME, entry, { jobId: entry.jobId, removeOnComplete: false, removeOnFail: false });
  }

  /** Removes the entry of `jobId`; true when there was one. */
  async remove(jobId: string): Promise<boolean> {
    return (await this.queue.remove(jobId)) > 0;
  }

  /** Adds a line to the entry's notes; false when there is no entry (any more). */
  async note(jobId: string, note: string): Promise<boolean> {
    const job = await this.queue.getJob(jobId);
    if (job === undefined) return false;
    const entry = DeadLetterEntrySchema.parse(job.data);
    await job.updateData({ ...entry, notes: [...(entry.notes ?? []), note] });
    return true;
  }

  async count(): Promise<number> {
    const counts = await this.queue.getJobCounts(...ENTRY_STATES);
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  /** Every entry, oldest failure first; read in pages so `onProgress` can report on big queues. */
  async list(onProgress?: (read: number, total: number) => void, pageSize = 200): Promise<DeadLetterEntry[]> {
    const total = await this.count();
    const entries: DeadLetterEntry[] = [];
    for (let start = 0; start < total; start += pageSize) {
      const jobs = await this.queue.getJobs([...ENTRY_STATES], start, start + pageSize - 1, true);
      for (const job of jobs) {
        const parsed = DeadLetterEntrySchema.safeParse(job.data);
        if (parsed.success) entries.push(parsed.data);
      }
      onProgress?.(Math.min(start + pageSize, total), total);
      if (jobs.length === 0) break;
    }
    return entries.sort((a, b) => a.failedAt.localeCompare(b.failedAt));
  }

  async get(jobId: string): Promise<DeadLetterEntry | undefined> {
    const job = await this.queue.getJob(jobId);
    return job === undefined ? undefined : DeadLetterEntrySchema.parse(job.data);
  }

  close(): Promise<void> {
    this.closing ??= this.queue.close();
    return this.closing;
  }
}
