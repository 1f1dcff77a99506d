import { jobKindOf, type ContainerJob } from "./container-job.js";

// One job per sighting of a container start: the same event seen twice (a replayed event, a
// second watcher) maps to the same id and BullMQ keeps the first; the sweep and manual starts use
// the start's StartedAt. An event job and a sweep job for one start have different ids: the
// worker's start claim (start-claims.ts) makes the second a no-op. BullMQ forbids `:` in ids and
// all-digit ids, hence the shape.
export function containerStartJobId(containerId: string, startedAt: string): string {
  return `start-${containerId}-${startStamp(startedAt)}`;
}

export function containerEventJobId(containerId: string, eventTime: string): string {
  return `start-${containerId}-e${eventTime}`;
}

export function jobIdOf(job: ContainerJob): string {
  const kind = jobKindOf(job);
  if (kind !== "start") {
    if (job.eventTime === undefined) throw new TypeError(`a ${kind} job names its event by eventTime`);
    // A network connect is one event per network; two networks connected at once are two jobs.
    // Network names are letters, digits and _ . - only: nothing BullMQ refuses in an id.
    return `${kind}-${job.containerId}-e${job.eventTime}${kind === "connect" ? `-${(job.network ?? "").replace(/[^A-Za-z0-9_.-]/g, "_")}` : ""}`;
  }
  if (job.startedAt !== undefined) return containerStartJobId(job.containerId, job.startedAt);
  if (job.eventTime !== undefined) return containerEventJobId(job.containerId, job.eventTime);
  throw new TypeError("a start job names its start by startedAt or eventTime");
}

/** StartedAt without its punctuation: `2026-11-29T02:50:00.1Z` → `20261129T0250001Z`. */
export function startStamp(startedAt: string): string {
  return startedAt.replace(/[^0-9A-Za-z]/g, "");
}
