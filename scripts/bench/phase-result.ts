import type { Breakdown } from "./time-breakdown.js";
import type { BenchMode } from "./bench-config.js";
import type { HostLoad } from "./host-load.js";
import type { LatencySummary } from "./latency-stats.js";
import type { CpuSeconds } from "./process-usage.js";

export interface ProcessFigures {
  /** CPU from just before the first start request until every container was configured. */
  burstCpuSeconds: CpuSeconds;
  /** Peak RSS (VmHWM) over the process's life, MiB, at the end of the phase. */
  peakRssMiB: number;
  /** Peak RSS once it was ready, before the burst: how much of the peak start-up alone makes. */
  peakRssAtReadyMiB: number;
  /** RSS (VmRSS) at the end of the phase, MiB. */
  rssAtEndMiB: number;
  /** Self plus children CPU while idle after start-up, % of one core. */
  idleCpuPercent: number;
}

/** What only a phase with watcher and worker has. */
export interface HandlerFigures {
  executor: Exclude<BenchMode, "none">;
  /** Per container: worker's "container configured" time − the container's State.StartedAt. */
  latencyMs: LatencySummary;
  /** Last "container configured" − last StartedAt. */
  afterLastMs: number;
  /** Containers per second from the first StartedAt to the last "container configured". */
  throughputPerSecond: number;
  watcher: ProcessFigures;
  worker: ProcessFigures;
  /** Containers whose extra addresses, table-100 route, rule and host route were read back. */
  verified: string[];
  /** Parts applied vs found already there, summed over the phase's containers. */
  parts: { applied: number; already: number };
  /** Where the time went (time-breakdown.ts), percentiles over the phase's containers, ms. */
  breakdownMs: Partial<Breakdown>;
}

export interface PhaseResult {
  round: number;
  /** 1-based position in the run. */
  seq: number;
  mode: BenchMode;
  containers: number;
  subnet: string;
  /** From the first start request sent to the last answered. */
  startBurstSeconds: number;
  /** First to last StartedAt, as Docker recorded them. */
  startedSpreadMs: number;
  handler: HandlerFigures | null;
  hostLoad: HostLoad;
  /** Anything that makes the figures suspect: retries, jobs run twice, parts already there. */
  warnings: string[];
}
