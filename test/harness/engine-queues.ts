import { Queue } from "bullmq";
import {
  ContainerJobSchema,
  HostChangeLedger,
  StartClaims,
  type ContainerJob,
  type EngineQueueNames,
  type RedisConnectionOptions,
} from "@dehandler/contract";

export interface JobState {
  state: string;
  attemptsMade: number;
  returnValue: unknown;
  failedReason: string | undefined;
}

/** A read side of one engine's queues, for the tests and the bench/soak scripts (not the product). */
export class EngineQueues {
  private readonly jobsQueue: Queue;
  private readonly deadLetter: Queue;
  readonly claims: StartClaims;
  /** Which container holds which host change. */
  readonly hostChanges: HostChangeLedger;

  constructor(
    readonly names: EngineQueueNames,
    connection: RedisConnectionOptions,
  ) {
    this.jobsQueue = new Queue(names.jobs, { connection });
    this.deadLetter = new Queue(names.deadLetter, { connection });
    this.claims = new StartClaims(names, this.jobsQueue);
    this.hostChanges = new HostChangeLedger(names, this.jobsQueue);
  }

  onError(listener: (error: Error) => void): void {
    this.jobsQueue.on("error", listener);
    this.deadLetter.on("error", listener);
  }

  async job(jobId: string): Promise<JobState | undefined> {
    // State first: a job read before its state would miss a return value written in between.
    const state = await this.jobsQueue.getJobState(jobId);
    const job = await this.jobsQueue.getJob(jobId);
    if (job === undefined) return undefined;
    return {
      state,
      attemptsMade: job.attemptsMade,
      returnValue: job.returnvalue,
      failedReason: job.failedReason || undefined,
    };
  }

  async jobIds(): Promise<string[]> {
    return (await this.jobs()).map((job) => job.id);
  }

  /** Every kept start job with what it names. */
  async jobs(): Promise<{ id: string; data: ContainerJob }[]> {
    const jobs = await this.jobsQueue.getJobs(["waiting", "active", "delayed", "completed", "failed", "prioritized"]);
    return jobs.flatMap((job) => {
      const parsed = ContainerJobSchema.safeParse(job.data);
      return job.id === undefined || !parsed.success ? [] : [{ id: job.id, data: parsed.data }];
    });
  }

  /** Removes every key of both queues, the start claims and the host-change ledger: for tests and for retiring an engine. */
  async obliterate(): Promise<void> {
    await this.jobsQueue.obliterate({ force: true });
    await this.deadLetter.obliterate({ force: true });
    await this.claims.removeAll();
    await this.hostChanges.removeAll();
    await (await this.jobsQueue.getBackend().client).del(this.names.legacyKeysMigrated);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.jobsQueue.close(), this.deadLetter.close()]);
  }
}
