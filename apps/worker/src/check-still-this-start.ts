import type { ContainerJob } from "@dehandler/contract";
import { startedAtToNano, type ContainerSnapshot } from "@dehandler/engine";

export type Stale = { outcome: "container-gone" } | { outcome: "superseded"; startedAt: string };

/** Whether the container still runs the start this job stands for. */
export function checkStillThisStart(container: ContainerSnapshot | undefined, job: ContainerJob): Stale | undefined {
  if (container === undefined || !container.running) return { outcome: "container-gone" };
  // A newer start has its own job; this one must not run its script a second time.
  if (job.startedAt !== undefined && container.startedAt !== job.startedAt) return { outcome: "superseded", startedAt: container.startedAt };
  if (job.eventTime !== undefined && startedAfter(container.startedAt, BigInt(job.eventTime))) {
    return { outcome: "superseded", startedAt: container.startedAt };
  }
  return undefined;
}

// The engine sets StartedAt before it sends the start event: a StartedAt later than the event's
// time belongs to a later start. (A network connected during that later start, too.)
function startedAfter(startedAt: string, eventTime: bigint): boolean {
  const started = startedAtToNano(startedAt);
  return started !== undefined && started > eventTime;
}
