import { setTimeout as sleep } from "node:timers/promises";
import type { AppProcess } from "../../test/harness/app-process.js";
import type { BenchApps } from "./bench-apps.js";
import { cpuSecondsBetween, readCpuTicks, readRssMiB, type CpuSeconds, type RssMiB, type CpuTicks } from "./process-usage.js";

type AppName = keyof BenchApps;

function pidOf(app: AppProcess): number {
  if (app.pid === undefined || !app.running)
    throw new Error(`expected the ${app.app} to be running, it has exited: ${app.stderr.join("").slice(-2000)}`);
  return app.pid;
}

export async function cpuTicksOf(apps: BenchApps): Promise<Record<AppName, CpuTicks>> {
  return { watcher: await readCpuTicks(pidOf(apps.watcher)), worker: await readCpuTicks(pidOf(apps.worker)) };
}

export function cpuSecondsOf(
  before: Record<AppName, CpuTicks>,
  after: Record<AppName, CpuTicks>,
  ticksPerSecond: number,
): Record<AppName, CpuSeconds> {
  return {
    watcher: cpuSecondsBetween(before.watcher, after.watcher, ticksPerSecond),
    worker: cpuSecondsBetween(before.worker, after.worker, ticksPerSecond),
  };
}

export async function rssOf(apps: BenchApps): Promise<Record<AppName, RssMiB>> {
  return { watcher: await readRssMiB(pidOf(apps.watcher)), worker: await readRssMiB(pidOf(apps.worker)) };
}

/** Self plus children CPU of each process over `seconds` of doing nothing, % of one core. */
export async function idleCpuPercent(
  apps: BenchApps,
  seconds: number,
  ticksPerSecond: number,
  signal: AbortSignal,
): Promise<Record<AppName, number>> {
  const before = await cpuTicksOf(apps);
  const from = performance.now();
  await sleep(seconds * 1000, undefined, { signal });
  const used = cpuSecondsOf(before, await cpuTicksOf(apps), ticksPerSecond);
  const elapsed = (performance.now() - from) / 1000;
  return {
    watcher: ((used.watcher.self + used.watcher.children) / elapsed) * 100,
    worker: ((used.worker.self + used.worker.children) / elapsed) * 100,
  };
}
