import type { StartJobPublisher } from "@dehandler/contract";
import { inspectContainer, type ContainerStartEvent } from "@dehandler/engine";
import type { Logger } from "@dehandler/service";
import type Docker from "dockerode";
import type { EngineMetrics } from "./watcher-metrics.js";

export interface PublishDeps {
  docker: Docker;
  publisher: StartJobPublisher;
  engineId: string;
  logger: Logger;
  metrics: EngineMetrics;
}

/**
 * Queues the start an event announced, straight from the event: the engine is not asked
 * anything here, the worker inspects the container once. The job id derives from the container
 * id and the event's time, so a replayed event or a second watcher queues nothing new.
 */
export async function publishStartEvent(deps: PublishDeps, event: ContainerStartEvent): Promise<void> {
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
