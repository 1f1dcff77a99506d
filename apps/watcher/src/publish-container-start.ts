import type { StartJobPublisher } from "@dehandler/contract";
import { inspectContainer } from "@dehandler/engine";
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
 * Queues one job for the container's current start. The job id derives from the container id and
 * its StartedAt, so whether this start was seen by an event, a replay or the sweep, it runs once.
 */
export async function publishContainerStart(deps: PublishDeps, containerId: string, source: "event" | "sweep"): Promise<void> {
  const container = await inspectContainer(deps.docker, containerId);
  if (container === undefined || !container.running) {
    deps.logger.info({ container: { id: containerId }, source }, "container gone before it was queued");
    return;
  }
  const { jobId } = await deps.publisher.publish({
    containerId: container.id,
    containerName: container.name,
    startedAt: container.startedAt,
    engineId: deps.engineId,
    source,
    seenAt: Date.now(),
  });
  deps.metrics.jobPublished(source);
  deps.logger.debug({ container: { id: container.id, name: container.name }, source, jobId }, "start queued");
}
