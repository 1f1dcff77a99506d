import type { ContainerJob, ContainerJobPublisher } from "@dehandler/contract";
import { inspectContainer, type ContainerEvent } from "@dehandler/engine";
import type { Logger } from "@dehandler/service";
import type Docker from "dockerode";
import type { EngineMetrics } from "./watcher-metrics.js";

export interface PublishDeps {
  docker: Docker;
  publisher: ContainerJobPublisher;
  engineId: string;
  logger: Logger;
  metrics: EngineMetrics;
}

/**
 * Queues what an event announced, straight from the event: the engine is not asked anything
 * here, the worker inspects the container itself. A start is a start job; a die or destroy a
 * stop job (host changes undone, on die the stop script); a network connected to a running
 * container a connect job. Ids derive from the container id and the event's time, so a replayed
 * event or a second watcher queues nothing new. `name`: the container's, where the event has none.
 */
export async function publishEvent(deps: PublishDeps, event: ContainerEvent, name = event.name): Promise<void> {
  const { jobId } = await deps.publisher.publish({
    ...jobKindFields(event),
    containerId: event.containerId,
    containerName: name ?? event.containerId.slice(0, 12),
    eventTime: event.timeNano.toString(),
    engineId: deps.engineId,
    source: "event",
    seenAt: Date.now(),
  });
  deps.metrics.jobPublished("event");
  deps.logger.debug({ container: { id: event.containerId, name }, event: event.kind, network: event.network, jobId }, "job queued");
}

function jobKindFields(event: ContainerEvent): Pick<ContainerJob, "kind" | "ending" | "network"> {
  switch (event.kind) {
    case "start":
      return {};
    case "die":
    case "destroy":
      return { kind: "stop", ending: event.kind };
    case "connect":
      return { kind: "connect", network: event.network };
  }
}

/**
 * Queues the current start of a running container found by the sweep, unless a job already
 * claimed that start (its event was handled). The job id derives from the container id and its
 * StartedAt, so sweeping again queues nothing new.
 */
export async function publishRunningContainer(deps: PublishDeps, containerId: string): Promise<void> {
  const container = await inspectContainer(deps.docker, containerId);
  if (container === undefined || !container.running) {
    deps.logger.info({ container: { id: containerId }, source: "sweep" }, "container gone before it was queued");
    return;
  }
  const handledBy = await deps.publisher.claims.holder(container.id, container.startedAt);
  if (handledBy !== undefined) {
    deps.logger.debug({ container: { id: container.id, name: container.name }, handledBy }, "start already handled; not queued");
    return;
  }
  const { jobId } = await deps.publisher.publish({
    containerId: container.id,
    containerName: container.name,
    startedAt: container.startedAt,
    engineId: deps.engineId,
    source: "sweep",
    seenAt: Date.now(),
  });
  deps.metrics.jobPublished("sweep");
  deps.logger.debug({ container: { id: container.id, name: container.name }, source: "sweep", jobId }, "start queued");
}

/**
 * Containers that hold host changes but are no longer running (they ended while nothing watched):
 * a stop job each, so that their host routes and rules do not outlive them. The worker checks
 * again under the host-change lock before undoing anything.
 */
export async function publishEndedOwners(deps: PublishDeps, running: ReadonlySet<string>): Promise<number> {
  const owners = (await deps.publisher.hostChanges.owners()).filter((id) => !running.has(id));
  const now = BigInt(Date.now()) * 1_000_000n;
  for (const id of owners) {
    await deps.publisher.publish({
      kind: "stop",
      ending: "reconcile",
      containerId: id,
      containerName: id.slice(0, 12),
      eventTime: now.toString(),
      engineId: deps.engineId,
      source: "sweep",
      seenAt: Date.now(),
    });
    deps.metrics.jobPublished("sweep");
  }
  if (owners.length > 0) deps.logger.info({ containers: owners.length }, "containers that ended unwatched still hold host changes; stops queued");
  return owners.length;
}
