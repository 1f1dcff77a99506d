import type { JobsOptions, Queue } from "bullmq";
import { ContainerJobSchema, jobKindOf, type ContainerJob, type ContainerJobKind } from "./container-job.js";

// Every kind of job an engine's queue carries, declared once: its BullMQ name (what the board
// shows; the worker goes by the payload's kind), the rule for its id (what makes a replayed event,
// a second watcher or a second sweep queue nothing new: BullMQ keeps the first job of an id) and
// its retries. The payload's schema is ContainerJobSchema (container-job.ts), one for all kinds.

export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

interface JobKindEntry {
  /** The BullMQ job name. */
  jobName: string;
  /** The job's id; BullMQ forbids `:` in ids and all-digit ids, hence the shapes. */
  jobId(job: ContainerJob): string;
  /** The retries of this kind, from the operator's policy (DEHANDLER_JOB_ATTEMPTS, DEHANDLER_JOB_BACKOFF_MS). */
  retry(configured: RetryPolicy): RetryPolicy;
}

export const JOB_CATALOG: Readonly<Record<ContainerJobKind, JobKindEntry>> = {
  // One job per sighting of a start: the event's time for an event, the start's StartedAt for the
  // sweep and manual starts. An event job and a sweep job for one start have different ids: the
  // worker's start claim (start-claims.ts) makes the second a no-op.
  start: {
    jobName: "container-start",
    jobId: (job) => {
      if (job.startedAt !== undefined) return `start-${job.containerId}-${startStamp(job.startedAt)}`;
      return `start-${job.containerId}-e${eventTimeOf(job, "start")}`;
    },
    retry: (configured) => configured,
  },
  // A stop undoes host changes, and a host route left behind is as wrong as one never added.
  stop: {
    jobName: "container-stop",
    jobId: (job) => `stop-${job.containerId}-e${eventTimeOf(job, "stop")}`,
    retry: (configured) => configured,
  },
  // One event per network: two networks connected at once are two jobs. Network names are
  // letters, digits and _ . - only, nothing BullMQ refuses; anything else is replaced anyway.
  connect: {
    jobName: "network-connect",
    jobId: (job) => `connect-${job.containerId}-e${eventTimeOf(job, "connect")}-${(job.network ?? "").replace(/[^A-Za-z0-9_.-]/g, "_")}`,
    retry: (configured) => configured,
  },
};

// Finished jobs are kept for a week: their ids are what makes a replayed start a no-op. Once
// BullMQ removes a finished job, the same id would run again.
export const KEEP_FINISHED_SECONDS = 7 * 24 * 3600;
const KEEP_FINISHED = { age: KEEP_FINISHED_SECONDS, count: 50_000 };

export function jobIdOf(job: ContainerJob): string {
  return JOB_CATALOG[jobKindOf(job)].jobId(job);
}

/** StartedAt without its punctuation: `2026-11-29T02:50:00.1Z` → `20261129T0250001Z`. */
export function startStamp(startedAt: string): string {
  return startedAt.replace(/[^0-9A-Za-z]/g, "");
}

/** The one way a job is queued (watcher and command line): checked against the schema, named, id'd and retried by its kind. */
export async function addContainerJob(queue: Queue, job: ContainerJob, configured: RetryPolicy, jobId = jobIdOf(job)): Promise<string> {
  const entry = JOB_CATALOG[jobKindOf(job)];
  await queue.add(entry.jobName, ContainerJobSchema.parse(job), jobOptions(jobId, entry.retry(configured)));
  return jobId;
}

function jobOptions(jobId: string, retry: RetryPolicy): JobsOptions {
  return {
    jobId,
    attempts: retry.attempts,
    backoff: { type: "exponential", delay: retry.backoffMs },
    removeOnComplete: KEEP_FINISHED,
    removeOnFail: KEEP_FINISHED,
  };
}

function eventTimeOf(job: ContainerJob, kind: ContainerJobKind): string {
  if (job.eventTime === undefined)
    throw new TypeError(`a ${kind} job names its ${kind === "start" ? "start by startedAt or" : "event by"} eventTime`);
  return job.eventTime;
}
