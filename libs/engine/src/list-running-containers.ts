import type Docker from "dockerode";

/** Ids of the running containers that carry every label in `labelFilter` (`key` or `key=value`). */
export async function listRunningContainers(docker: Docker, labelFilter: readonly string[]): Promise<string[]> {
  const filters: Record<string, string[]> = { status: ["running"] };
  if (labelFilter.length > 0) filters.label = [...labelFilter];
  const containers = await docker.listContainers({ filters });
  return containers.map((container) => container.Id);
}
