import { Queue } from "bullmq";
import { DeadLetterEntrySchema, type DeadLetterEntry } from "./dead-letter-entry.js";
import type { EngineQueueNames } from "./queue-names.js";
import type { RedisConnectionOptions } from "./redis-connection.js";

const JOB_NAME = "dead-letter";

// Nothing consumes this queue: its jobs are a durable record for people (Bull Board, CLI).
// Entries reuse the failed job's id, so a worker that dies after writing one and re-runs the job
// does not write it twice.
export class DeadLetterQueue {
  private readonly queue: Queue;
  private closing: Promise<void> | undefined;

  constructor(names: EngineQueueNames, connection: RedisConnectionOptions) {
    this.queue = new Queue(names.deadLetter, { connection });
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

  async list(): Promise<DeadLetterEntry[]> {
    const jobs = await this.queue.getJobs(["waiting", "delayed", "prioritized"]);
    return jobs.map((job) => DeadLetterEntrySchema.parse(job.data));
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
