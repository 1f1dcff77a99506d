import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import { engineQueueNames, redisConnectionOptions } from "@dehandler/contract";
import { EngineQueues } from "../../test/harness/engine-queues.js";
import { Cleanup } from "../../test/harness/cleanup.js";
import { cpuSecondsOf, cpuTicksOf, idleCpuPercent, rssOf } from "./app-usage.js";
import { startBenchApps } from "./bench-apps.js";
import { CONFIGURE_TIMEOUT_MS, type BenchConfig, type BenchMode } from "./bench-config.js";
import { createBenchContainers, inspectStarted, startBurst, type StartBurst } from "./bench-containers.js";
import { benchContainerPlan, HOST_ROUTE_RANGE, RUN_LABEL } from "./bench-labels.js";
import { createBenchNetwork } from "./bench-network.js";
import { benchSubnet } from "./bench-subnet.js";
import { WorkerLogReader } from "./configured-log.js";
import { busyPercentBetween, busyPercentOver, countForeignContainers, hostLoadWarnings, readHostCpu, type HostLoad } from "./host-load.js";
import { deleteHostRoutes } from "./host-routes.js";
import { handlerTimes, handlerWarnings, startedSpread } from "./phase-figures.js";
import type { PhaseResult } from "./phase-result.js";
import { verifySample } from "./verify-sample.js";
import { waitUntilConfigured } from "./wait-configured.js";

export interface PhaseContext {
  docker: Docker;
  image: string;
  dockerHost: string;
  redisUrl: string;
  runId: string;
  config: BenchConfig;
  ticksPerSecond: number;
  signal: AbortSignal;
}

export interface PhaseSlot {
  round: number;
  seq: number;
  mode: BenchMode;
}

/**
 * One phase: a fresh network and containers (not timed), then the timed start burst, with or
 * without a fresh watcher and worker. Everything it made is removed afterwards, also when it
 * fails; a cleanup failure after a failed phase is printed, not allowed to hide the first error.
 */
export async function runPhase(context: PhaseContext, slot: PhaseSlot): Promise<PhaseResult> {
  const cleanup = new Cleanup();
  const leftovers: string[] = [];
  const reportLeftovers = (): void => {
    for (const leftover of leftovers) process.stderr.write(`bench: phase ${slot.seq}: ${leftover}\n`);
  };
  let result: PhaseResult;
  try {
    result = await phase(context, slot, cleanup, leftovers);
  } catch (error) {
    await cleanup.run().catch((cleanupError: unknown) => {
      process.stderr.write(`bench: phase ${slot.seq} cleanup after failure: ${(cleanupError as Error).message}\n`);
    });
    reportLeftovers();
    throw error;
  }
  await cleanup.run();
  reportLeftovers();
  return { ...result, warnings: [...result.warnings, ...leftovers] };
}

async function phase(context: PhaseContext, slot: PhaseSlot, cleanup: Cleanup, leftovers: string[]): Promise<PhaseResult> {
  const { docker, config, runId, signal } = context;
  const subnet = benchSubnet(config.containers);
  const name = `bench-${runId}-${slot.seq}`;
  await createBenchNetwork(docker, cleanup, name, subnet, leftovers);
  const plans = Array.from({ length: config.containers }, (_, index) => benchContainerPlan(runId, slot.seq, index, subnet));
  const containers = await createBenchContainers(docker, cleanup, {
    image: context.image,
    network: name,
    plans,
    concurrency: config.concurrency,
    signal,
  });
  const base = { round: slot.round, seq: slot.seq, mode: slot.mode, containers: config.containers, subnet: subnet.cidr };

  if (slot.mode === "none") {
    const probe = await probeHost(context);
    const burst = await measuredBurst(context, containers);
    const started = await inspectStarted(containers, config.concurrency, signal);
    const hostLoad = await finishHostLoad(context, probe, burst);
    return {
      ...base,
      startBurstSeconds: burst.seconds,
      startedSpreadMs: startedSpread(started),
      handler: null,
      hostLoad,
      warnings: hostLoadWarnings(hostLoad),
    };
  }

  const queues = new EngineQueues(engineQueueNames(name), redisConnectionOptions(context.redisUrl));
  queues.onError(() => undefined);
  cleanup.defer(`queues of ${name}`, async () => {
    try {
      await queues.obliterate();
    } finally {
      await queues.close();
    }
  });
  // Registered before the processes: cleanup runs last-in first-out, so they stop first.
  cleanup.defer("host routes", () =>
    deleteHostRoutes(
      plans.map((plan) => plan.hostRoute),
      config.concurrency,
    ),
  );
  const apps = await startBenchApps(cleanup, {
    dockerHost: context.dockerHost,
    redisUrl: context.redisUrl,
    engineId: name,
    watchLabel: `${RUN_LABEL}=${runId}`,
    executor: slot.mode,
    hostRouteCidrs: [HOST_ROUTE_RANGE, subnet.cidr],
  });
  const atReady = await rssOf(apps);
  await sleep(config.settleSeconds * 1000, undefined, { signal });
  const idle = await idleCpuPercent(apps, config.idleSeconds, context.ticksPerSecond, signal);

  const probe = await probeHost(context);
  const before = await cpuTicksOf(apps);
  const burst = await measuredBurst(context, containers);
  const names = plans.map((plan) => plan.name);
  const reader = new WorkerLogReader(apps.worker.lines, new Set(names));
  await waitUntilConfigured(reader, apps.worker, names, CONFIGURE_TIMEOUT_MS, signal);
  const cpu = cpuSecondsOf(before, await cpuTicksOf(apps), context.ticksPerSecond);
  const rss = await rssOf(apps);

  // StartedAt is read only now: inspecting during the burst would compete with the worker.
  const started = await inspectStarted(containers, config.concurrency, signal);
  const verified = await verifySample(plans, started, subnet.gateway);
  const times = handlerTimes(started, reader);
  const hostLoad = await finishHostLoad(context, probe, burst);
  const warnings = [...hostLoadWarnings(hostLoad), ...(await handlerWarnings(times, reader, plans, queues))];
  return {
    ...base,
    startBurstSeconds: burst.seconds,
    startedSpreadMs: startedSpread(started),
    handler: {
      executor: slot.mode,
      ...times,
      watcher: {
        burstCpuSeconds: cpu.watcher,
        peakRssMiB: rss.watcher.peak,
        peakRssAtReadyMiB: atReady.watcher.peak,
        rssAtEndMiB: rss.watcher.current,
        idleCpuPercent: idle.watcher,
      },
      worker: {
        burstCpuSeconds: cpu.worker,
        peakRssMiB: rss.worker.peak,
        peakRssAtReadyMiB: atReady.worker.peak,
        rssAtEndMiB: rss.worker.current,
        idleCpuPercent: idle.worker,
      },
      verified,
    },
    hostLoad,
    warnings,
  };
}

interface HostProbe {
  busyBeforePercent: number;
  foreignContainersBefore: number;
}

/** How busy the machine is in the second before the burst, and whose containers are running. */
async function probeHost(context: PhaseContext): Promise<HostProbe> {
  const foreignContainersBefore = await countForeignContainers(context.docker, context.runId);
  return { busyBeforePercent: await busyPercentOver(1000, context.signal), foreignContainersBefore };
}

interface MeasuredBurst extends StartBurst {
  busyDuringBurstPercent: number;
}

/** The start burst, with how busy the machine was during it. */
async function measuredBurst(context: PhaseContext, containers: readonly Docker.Container[]): Promise<MeasuredBurst> {
  const cpuBefore = await readHostCpu();
  const burst = await startBurst(containers, context.config.concurrency, context.signal);
  return { ...burst, busyDuringBurstPercent: busyPercentBetween(cpuBefore, await readHostCpu()) };
}

async function finishHostLoad(context: PhaseContext, probe: HostProbe, burst: MeasuredBurst): Promise<HostLoad> {
  const foreignContainersAfter = await countForeignContainers(context.docker, context.runId);
  return {
    busyBeforePercent: probe.busyBeforePercent,
    busyDuringBurstPercent: burst.busyDuringBurstPercent,
    foreignContainers: Math.max(probe.foreignContainersBefore, foreignContainersAfter),
  };
}
