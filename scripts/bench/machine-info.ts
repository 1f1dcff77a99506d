import { cpus, release, totalmem } from "node:os";
import type Docker from "dockerode";

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryMiB: number;
  /** `uname -r`. */
  kernel: string;
  docker: { version: string; apiVersion: string };
  node: string;
}

export async function machineInfo(docker: Docker): Promise<MachineInfo> {
  const version = await docker.version();
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryMiB: Math.round(totalmem() / 1_048_576),
    kernel: release(),
    docker: { version: version.Version, apiVersion: version.ApiVersion },
    node: process.version,
  };
}
