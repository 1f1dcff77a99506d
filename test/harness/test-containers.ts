import type Docker from "dockerode";
import type { IntegrationContext } from "./context.js";
import { createContainer, startContainer, type ContainerSpec, type StartedContainer } from "./containers.js";

type ContainerContext = Pick<IntegrationContext, "docker" | "cleanup" | "image" | "runLabels">;

/** A container of this test file's run: the test image, and the run labels besides `labels`. */
export type RunContainerSpec = Omit<ContainerSpec, "image" | "labels"> & { labels?: Record<string, string> };

/** The full spec of a container the watcher follows (it carries the file's run labels). */
export function runContainerSpec(t: Pick<IntegrationContext, "image" | "runLabels">, spec: RunContainerSpec): ContainerSpec {
  return { ...spec, image: t.image, labels: { ...t.runLabels, ...spec.labels } };
}

/** Creates a container of this run (sleeping) and registers its removal; `start` it when wanted. */
export async function createRunContainer(t: ContainerContext, spec: RunContainerSpec): Promise<Docker.Container> {
  return createContainer(t.docker, t.cleanup, runContainerSpec(t, spec));
}

/** Creates and starts a container of this run; removed after the test. */
export async function startRunContainer(t: ContainerContext, spec: RunContainerSpec): Promise<StartedContainer> {
  return startContainer(await createRunContainer(t, spec));
}
