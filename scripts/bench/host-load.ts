import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { RUN_LABEL } from "./bench-labels.js";

/** What else the machine was doing around a phase: other work skews every figure. */
export interface HostLoad {
  /** Busy share of all CPUs over one second just before the phase's burst (after creating its containers), %. */
  busyBeforePercent: number;
  /** Busy share of all CPUs during the start burst, %. */
  busyDuringBurstPercent: number;
  /** Running containers on the engine that are not this run's, before and after the burst. */
  foreignContainers: number;
}

export interface HostCpu {
  busy: number;
  total: number;
}

/** The aggregate "cpu" line of /proc/stat; idle and iowait count as not busy. */
export async function readHostCpu(): Promise<HostCpu> {
  const line = (await readFile("/proc/stat", "utf8")).split("\n", 1)[0] ?? "";
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (!line.startsWith("cpu ") || values.length < 5 || values.some((value) => !Number.isFinite(value))) {
    throw new Error(`expected the aggregate cpu line of /proc/stat, got ${JSON.stringify(line)}`);
  }
  const total = values.reduce((sum, value) => sum + value, 0);
  const notBusy = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - notBusy, total };
}

export function busyPercentBetween(before: HostCpu, after: HostCpu): number {
  const total = after.total - before.total;
  return total <= 0 ? 0 : ((after.busy - before.busy) / total) * 100;
}

export async function busyPercentOver(ms: number, signal: AbortSignal): Promise<number> {
  const before = await readHostCpu();
  await sleep(ms, undefined, { signal });
  return busyPercentBetween(before, await readHostCpu());
}

export async function countForeignContainers(docker: Docker, runId: string): Promise<number> {
  const running = await docker.listContainers();
  return running.filter((container) => container.Labels[RUN_LABEL] !== runId).length;
}

/** Warnings when the machine was not quiet enough for the figures to mean much. */
export function hostLoadWarnings(load: HostLoad): string[] {
  const warnings: string[] = [];
  if (load.busyBeforePercent > 10)
    warnings.push(`the CPUs were ${load.busyBeforePercent.toFixed(0)} % busy just before the burst: something else was running`);
  if (load.foreignContainers > 0) warnings.push(`${load.foreignContainers} containers of someone else were running on the engine during the phase`);
  return warnings;
}
