import type Docker from "dockerode";
import { ENGINE_REQUEST_TIMEOUT_MS } from "./request-timeout.js";

export interface ContainerSnapshot {
  id: string;
  /** Without Docker's leading "/". */
  name: string;
  running: boolean;
  pid: number;
  startedAt: string;
  labels: Record<string, string>;
}

/** A fresh view of one container; undefined when the engine no longer knows it. */
export async function inspectContainer(docker: Docker, id: string, timeoutMs = ENGINE_REQUEST_TIMEOUT_MS): Promise<ContainerSnapshot | undefined> {
  try {
    const info = await docker.getContainer(id).inspect({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ""),
      running: info.State.Running,
      pid: info.State.Pid,
      startedAt: info.State.StartedAt,
      labels: info.Config.Labels ?? {},
    };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}
