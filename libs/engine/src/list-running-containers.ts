import type Docker from "dockerode";
import { ENGINE_REQUEST_TIMEOUT_MS } from "./request-timeout.js";

/** Ids of the running containers that carry every label in `labelFilter` (`key` or `key=value`). */
export async function listRunningContainers(
  docker: Docker,
  labelFilter: readonly string[],
  timeoutMs = ENGINE_REQUEST_TIMEOUT_MS,
): Promise<string[]> {
  const filters: Record<string, string[]> = { status: ["running"] };
  if (labelFilter.length > 0) filters.label = [...labelFilter];
  const containers = await docker.listContainers({ filters, abortSignal: AbortSignal.timeout(timeoutMs) });
  return containers.map((container) => container.Id);
}
