import type { BenchMode } from "./bench-config.js";
import { median } from "./latency-stats.js";
import { medianBreakdown, type Breakdown } from "./time-breakdown.js";
import type { HandlerFigures, PhaseResult } from "./phase-result.js";

export type HandlerMode = Exclude<BenchMode, "none">;
const HANDLER_MODES: readonly HandlerMode[] = ["batch", "per-part"];

/** A mode's figures: each one the median over that mode's phases (rounds). */
export interface ModeSummary {
  mode: BenchMode;
  phases: number;
  startBurstSeconds: number;
  handler: {
    latencyMs: { p50: number; p90: number; p99: number; max: number };
    afterLastMs: number;
    throughputPerSecond: number;
    watcherCpuSeconds: { self: number; children: number };
    workerCpuSeconds: { self: number; children: number };
    peakRssMiB: { watcher: number; worker: number };
    peakRssAtReadyMiB: { watcher: number; worker: number };
    idleCpuPercent: { watcher: number; worker: number };
    breakdownMs: Partial<Breakdown>;
  } | null;
}

export interface TargetCheck {
  what: string;
  limit: string;
  mode: HandlerMode;
  value: number | undefined;
  unit: string;
  pass: boolean;
}

export interface BenchSummary {
  modes: ModeSummary[];
  /** (median start burst of the mode − that of none) / that of none, in %. */
  startOverheadPercent: Partial<Record<HandlerMode, number>>;
  /** per-part ÷ batch, on the medians. */
  perPartOverBatch: { p50: number; p99: number; afterLast: number; workerCpuWithChildren: number } | null;
  targets: TargetCheck[];
}

const MB_IN_MIB = 1_000_000 / 1_048_576;

function medianOf<T>(items: readonly T[], pick: (item: T) => number): number {
  return median(items.map(pick)) ?? Number.NaN;
}

function summarizeMode(mode: BenchMode, phases: readonly PhaseResult[]): ModeSummary {
  const handlers = phases.flatMap((phase) => (phase.handler === null ? [] : [phase.handler]));
  const of = (pick: (handler: HandlerFigures) => number): number => medianOf(handlers, pick);
  return {
    mode,
    phases: phases.length,
    startBurstSeconds: medianOf(phases, (phase) => phase.startBurstSeconds),
    handler:
      handlers.length === 0
        ? null
        : {
            latencyMs: {
              p50: of((h) => h.latencyMs.p50),
              p90: of((h) => h.latencyMs.p90),
              p99: of((h) => h.latencyMs.p99),
              max: of((h) => h.latencyMs.max),
            },
            afterLastMs: of((h) => h.afterLastMs),
            throughputPerSecond: of((h) => h.throughputPerSecond),
            watcherCpuSeconds: { self: of((h) => h.watcher.burstCpuSeconds.self), children: of((h) => h.watcher.burstCpuSeconds.children) },
            workerCpuSeconds: { self: of((h) => h.worker.burstCpuSeconds.self), children: of((h) => h.worker.burstCpuSeconds.children) },
            peakRssMiB: { watcher: of((h) => h.watcher.peakRssMiB), worker: of((h) => h.worker.peakRssMiB) },
            peakRssAtReadyMiB: { watcher: of((h) => h.watcher.peakRssAtReadyMiB), worker: of((h) => h.worker.peakRssAtReadyMiB) },
            idleCpuPercent: { watcher: of((h) => h.watcher.idleCpuPercent), worker: of((h) => h.worker.idleCpuPercent) },
            breakdownMs: medianBreakdown(handlers.map((h) => h.breakdownMs)),
          },
  };
}

export function summarize(phases: readonly PhaseResult[], modes: readonly BenchMode[]): BenchSummary {
  const summaries = modes.map((mode) =>
    summarizeMode(
      mode,
      phases.filter((phase) => phase.mode === mode),
    ),
  );
  const byMode = (mode: BenchMode): ModeSummary | undefined => summaries.find((summary) => summary.mode === mode && summary.phases > 0);
  const none = byMode("none");
  const startOverheadPercent: Partial<Record<HandlerMode, number>> = {};
  for (const mode of HANDLER_MODES) {
    const summary = byMode(mode);
    if (none !== undefined && summary !== undefined)
      startOverheadPercent[mode] = ((summary.startBurstSeconds - none.startBurstSeconds) / none.startBurstSeconds) * 100;
  }
  const batch = byMode("batch")?.handler;
  const perPart = byMode("per-part")?.handler;
  const cpuWithChildren = (cpu: { self: number; children: number }): number => cpu.self + cpu.children;
  const perPartOverBatch =
    batch == null || perPart == null
      ? null
      : {
          p50: perPart.latencyMs.p50 / batch.latencyMs.p50,
          p99: perPart.latencyMs.p99 / batch.latencyMs.p99,
          afterLast: perPart.afterLastMs / batch.afterLastMs,
          workerCpuWithChildren: cpuWithChildren(perPart.workerCpuSeconds) / cpuWithChildren(batch.workerCpuSeconds),
        };
  const targets: TargetCheck[] = [];
  for (const mode of HANDLER_MODES) {
    const handler = byMode(mode)?.handler;
    if (handler == null) continue;
    const check = (what: string, limit: string, value: number | undefined, max: number, unit: string): void => {
      targets.push({ what, limit, mode, value, unit, pass: value !== undefined && value <= max });
    };
    check("latency p50", "≤ 30 ms", handler.latencyMs.p50, 30, "ms");
    check("latency p99", "≤ 100 ms", handler.latencyMs.p99, 100, "ms");
    check("handler time after the last start", "≤ 200 ms", handler.afterLastMs, 200, "ms");
    check("docker start overhead vs none", "≤ 5 %", startOverheadPercent[mode], 5, "%");
    check("worker peak RSS", `≤ 150 MB (${(150 * MB_IN_MIB).toFixed(1)} MiB)`, handler.peakRssMiB.worker, 150 * MB_IN_MIB, "MiB");
    check("watcher peak RSS", `≤ 100 MB (${(100 * MB_IN_MIB).toFixed(1)} MiB)`, handler.peakRssMiB.watcher, 100 * MB_IN_MIB, "MiB");
  }
  return { modes: summaries, startOverheadPercent, perPartOverBatch, targets };
}
