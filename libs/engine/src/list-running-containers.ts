import type Docker from "dockerode";
import { ENGINE_REQUEST_TIMEOUT_MS } from "./request-timeout.js";

export interface RunningContainer {
  id: string;
  /** Without Docker's leading "/". */
  name: string;
}

/** The running containers that carry every label in `labelFilter` (`key` or `key=value`). */
export async function listRunningContainers(
  docker: Docker,
  labelFilter: readonly string[],
  timeoutMs = ENGINE_REQUEST_TIMEOUT_MS,
): Promise<RunningContainer[]> {
  const filters: Record<string, string[]> = { status: ["running"] };
  if (labelFilter.length > 0) filters.label = [...labelFilter];
  const containers = await docker.listContainers({ filters, abortSignal: AbortSignal.timeout(timeoutMs) });
  return containers.map((container) => ({ id: container.Id, name: (container.Names[0] ?? container.Id.slice(0, 12)).replace(/^\//, "") }));
}
