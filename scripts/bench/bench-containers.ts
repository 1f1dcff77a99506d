import { performance } from "node:perf_hooks";
import type Docker from "dockerode";
import type { Cleanup } from "../../test/harness/cleanup.js";
import { sleepingContainerOptions } from "../../test/harness/containers.js";
import type { BenchContainerPlan } from "./bench-labels.js";
import { dockerTimeToEpochMs } from "./docker-time.js";
import { inLanes } from "./in-lanes.js";

export interface StartBurst {
  /** From the first start request sent to the last one answered. */
  seconds: number;
}

export interface StartedBenchContainer {
  id: string;
  name: string;
  pid: number;
  startedAt: string;
  /** StartedAt as epoch ms with its sub-millisecond part. */
  startedAtMs: number;
}

/**
 * Creates the phase's containers (sleeping, on the bench network with their fixed address) a
 * few at a time; one cleanup step removes all of them, also a few at a time: one by one, 200
 * removals would take longer than the burst being measured.
 */
export async function createBenchContainers(
  docker: Docker,
  cleanup: Cleanup,
  options: { image: string; network: string; plans: readonly BenchContainerPlan[]; concurrency: number; signal: AbortSignal },
): Promise<Docker.Container[]> {
  const created: Docker.Container[] = [];
  cleanup.defer(`${options.plans.length} bench containers`, () => removeContainers(created, options.concurrency));
  return inLanes(
    options.plans,
    options.concurrency,
    async (plan) => {
      const container = await docker.createContainer(
        sleepingContainerOptions({ name: plan.name, image: options.image, labels: plan.labels, networks: [{ name: options.network, ip: plan.ip }] }),
      );
      created.push(container);
      return container;
    },
    options.signal,
  );
}

async function removeContainers(containers: readonly Docker.Container[], concurrency: number): Promise<void> {
  const failures: string[] = [];
  await inLanes(containers, concurrency, async (container) => {
    try {
      await container.remove({ force: true });
    } catch (error) {
      // Already gone is what we wanted.
      if ((error as { statusCode?: number }).statusCode !== 404) failures.push(`${container.id.slice(0, 12)}: ${(error as Error).message}`);
    }
  });
  if (failures.length > 0) throw new Error(`could not remove ${failures.length} containers: ${failures.slice(0, 3).join("; ")}`);
}

/** Starts every container with `concurrency` requests in flight and times the whole burst. */
export async function startBurst(containers: readonly Docker.Container[], concurrency: number, signal: AbortSignal): Promise<StartBurst> {
  const first = performance.now();
  await inLanes(
    containers,
    concurrency,
    async (container) => {
      await container.start();
    },
    signal,
  );
  return { seconds: (performance.now() - first) / 1000 };
}

export async function inspectStarted(
  containers: readonly Docker.Container[],
  concurrency: number,
  signal: AbortSignal,
): Promise<StartedBenchContainer[]> {
  return inLanes(
    containers,
    concurrency,
    async (container) => {
      const info = await container.inspect();
      if (!info.State.Running) throw new Error(`expected bench container ${info.Name} to be running, its state is ${info.State.Status}`);
      return {
        id: info.Id,
        name: info.Name.replace(/^\//, ""),
        pid: info.State.Pid,
        startedAt: info.State.StartedAt,
        startedAtMs: dockerTimeToEpochMs(info.State.StartedAt),
      };
    },
    signal,
  );
}
