import type { ContainerJobPublisher } from "@dehandler/contract";
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
 * Queues the start an event announced, straight from the event: the engine is not asked
 * anything here, the worker inspects the container once. The job id derives from the container
 * id and the event's time, so a replayed event or a second watcher queues nothing new.
 */
export async function publishStartEvent(deps: PublishDeps, event: ContainerEvent): Promise<void> {
  const { jobId } = await deps.publisher.publish({
    containerId: event.containerId,
    containerName: event.name ?? event.containerId.slice(0, 12),
    eventTime: event.timeNano.toString(),
    engineId: deps.engineId,
    source: "event",
    seenAt: Date.now(),
  });
  deps.metrics.jobPublished("event");
  deps.logger.debug({ container: { id: event.containerId, name: event.name }, source: "event", jobId }, "start queued");
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
 * Queues the end of a container's run (die) or the container's removal (destroy): its host
 * changes are undone and, on die, its stop script runs. Ids derive from the event, like starts.
 */
export async function publishEndEvent(deps: PublishDeps, event: ContainerEvent & { kind: "die" | "destroy" }): Promise<void> {
  const { jobId } = await deps.publisher.publish({
    kind: "stop",
    ending: event.kind,
    containerId: event.containerId,
    containerName: event.name ?? event.containerId.slice(0, 12),
    eventTime: event.timeNano.toString(),
    engineId: deps.engineId,
    source: "event",
    seenAt: Date.now(),
  });
  deps.metrics.jobPublished("event");
  deps.logger.debug({ container: { id: event.containerId, name: event.name }, ending: event.kind, jobId }, "stop queued");
}

/** Queues a network connected to a running container: the parts naming that network are applied then. */
export async function publishConnectEvent(deps: PublishDeps, event: ContainerEvent, name: string | undefined): Promise<void> {
  const { jobId } = await deps.publisher.publish({
    kind: "connect",
    network: event.network,
    containerId: event.containerId,
    containerName: name ?? event.containerId.slice(0, 12),
    eventTime: event.timeNano.toString(),
    engineId: deps.engineId,
    source: "event",
    seenAt: Date.now(),
  });
  deps.metrics.jobPublished("event");
  deps.logger.debug({ container: { id: event.containerId, name }, network: event.network, jobId }, "network connect queued");
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
