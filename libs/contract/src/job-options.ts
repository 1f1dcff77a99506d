import type { JobsOptions } from "bullmq";

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

// Finished jobs are kept for a week: their ids are what makes a replayed start a no-op. Once
// BullMQ removes a finished job, the same id would run again.
export const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;
const KEEP_FINISHED = { age: KEEP_FINISHED_SECONDS, count: 50_000 };

export function jobOptions(jobId: string, retry: RetryPolicy): JobsOptions {
  return {
    jobId,
    attempts: retry.attempts,
    backoff: { type: "exponential", delay: retry.backoffMs },
    removeOnComplete: KEEP_FINISHED,
    removeOnFail: KEEP_FINISHED,
  };
}
