import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { BenchConfig } from "./bench-config.js";
import type { MachineInfo } from "./machine-info.js";
import type { PhaseResult } from "./phase-result.js";
import type { BenchSummary, ModeSummary } from "./summary.js";
import { fixed, textTable } from "./text-table.js";
import { SEGMENTS } from "./time-breakdown.js";

export interface BenchReport {
  runId: string;
  startedAt: string;
  finishedAt: string;
  config: BenchConfig;
  machine: MachineInfo;
  /** How the figures are taken, for whoever reads the JSON later. */
  method: Record<string, string>;
  phases: PhaseResult[];
  summary: BenchSummary;
}

export const METHOD: Record<string, string> = {
  startBurstSeconds: "first start request sent → last start request answered, BENCH_CONCURRENCY in flight",
  latencyMs: "worker's 'container configured' log time (epoch ms) − the container's State.StartedAt (ns); nearest-rank percentiles",
  afterLastMs: "last 'container configured' − last StartedAt",
  throughputPerSecond: "containers ÷ (last 'container configured' − first StartedAt)",
  burstCpuSeconds:
    "/proc/<pid>/stat utime+stime (self) and cutime+cstime (children: nsenter/ip) from just before the burst until all were configured",
  peakRssMiB:
    "VmHWM of /proc/<pid>/status at the end of the phase; peakRssAtReadyMiB the same once ready (start-up's share), rssAtEndMiB is VmRSS at the end",
  idleCpuPercent: "self+children CPU over BENCH_IDLE_SECONDS, BENCH_SETTLE_SECONDS after both processes were ready, % of one core",
  hostLoad: "busy share of all CPUs (/proc/stat) in the second before the burst and during it; running containers not of this run",
  summary: "each figure is the median over the mode's phases; per-part/batch ratios are taken on those medians",
};

const HEADER = [
  "phase",
  "start s",
  "p50 ms",
  "p90 ms",
  "p99 ms",
  "max ms",
  "after-last ms",
  "cont/s",
  "watcher cpu s self/chld",
  "worker cpu s self/chld",
  "watcher MiB peak (at ready)",
  "worker MiB peak (at ready)",
  "idle % wat/wor",
];

const cpuPair = (cpu: { self: number; children: number } | undefined): string =>
  cpu === undefined ? "-" : `${fixed(cpu.self, 2)}/${fixed(cpu.children, 2)}`;

const mib = (peak: number | undefined, atReady: number | undefined): string =>
  peak === undefined ? "-" : `${fixed(peak, 1)} (${fixed(atReady, 1)})`;

/** p50, p90, p99, max, after-last (ms) and starts/s: the same columns for a phase and a mode. */
function latencyCells(
  h: { latencyMs: { p50: number; p90: number; p99: number; max: number }; afterLastMs: number; throughputPerSecond: number } | null | undefined,
): string[] {
  return [h?.latencyMs.p50, h?.latencyMs.p90, h?.latencyMs.p99, h?.latencyMs.max, h?.afterLastMs, h?.throughputPerSecond].map((value) =>
    fixed(value, 1),
  );
}

function phaseRow(phase: PhaseResult): string[] {
  const h = phase.handler;
  return [
    `${phase.round}.${phase.seq} ${phase.mode}`,
    fixed(phase.startBurstSeconds, 3),
    ...latencyCells(h),
    cpuPair(h?.watcher.burstCpuSeconds),
    cpuPair(h?.worker.burstCpuSeconds),
    mib(h?.watcher.peakRssMiB, h?.watcher.peakRssAtReadyMiB),
    mib(h?.worker.peakRssMiB, h?.worker.peakRssAtReadyMiB),
    h === null ? "-" : `${fixed(h.watcher.idleCpuPercent, 2)}/${fixed(h.worker.idleCpuPercent, 2)}`,
    `${fixed(phase.hostLoad.busyBeforePercent, 0)}/${fixed(phase.hostLoad.busyDuringBurstPercent, 0)}`,
  ];
}

function modeRow(mode: ModeSummary): string[] {
  const h = mode.handler;
  return [
    `${mode.mode} (${mode.phases})`,
    fixed(mode.startBurstSeconds, 3),
    ...latencyCells(h),
    cpuPair(h?.watcherCpuSeconds),
    cpuPair(h?.workerCpuSeconds),
    mib(h?.peakRssMiB.watcher, h?.peakRssAtReadyMiB.watcher),
    mib(h?.peakRssMiB.worker, h?.peakRssAtReadyMiB.worker),
    h === null ? "-" : `${fixed(h.idleCpuPercent.watcher, 2)}/${fixed(h.idleCpuPercent.worker, 2)}`,
  ];
}

/** One line per phase as it ends, so a long run shows progress. */
export function phaseLine(phase: PhaseResult): string {
  const h = phase.handler;
  const figures =
    h === null
      ? ""
      : `, p50 ${fixed(h.latencyMs.p50, 1)} ms, p99 ${fixed(h.latencyMs.p99, 1)} ms, after-last ${fixed(h.afterLastMs, 1)} ms, verified ${h.verified.length}`;
  return `phase ${phase.seq} (round ${phase.round}, ${phase.mode}): start burst ${fixed(phase.startBurstSeconds, 3)} s${figures}${phase.warnings.length === 0 ? "" : ` — ${phase.warnings.length} warnings`}`;
}

export function renderReport(report: BenchReport): string {
  const { config, machine, summary } = report;
  const out: string[] = [];
  out.push(
    `dehandler bench ${report.runId}: ${config.containers} containers per burst, ${config.concurrency} start requests in flight, ` +
      `${config.rounds} rounds, idle ${config.idleSeconds} s after ${config.settleSeconds} s settling`,
    `machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryMiB} MiB, kernel ${machine.kernel}, docker ${machine.docker.version}, node ${machine.node}`,
    "",
    "per phase (round.seq mode; cpu during the burst until all configured; latency = configured − StartedAt)",
    textTable([...HEADER, "host busy % pre/burst"], report.phases.map(phaseRow)),
    "",
    "per mode (median over rounds)",
    textTable(["mode (phases)", ...HEADER.slice(1)], summary.modes.map(modeRow)),
    "",
    "where the time goes (ms, p50 / p90 / p99, median over rounds): engine = StartedAt → start event, watcher = event → queued,",
    "queue = queued → taken by a worker, worker = taken → configured, of which inspect, claim and ip (all ip processes of the job)",
    textTable(
      ["mode", ...SEGMENTS],
      summary.modes.flatMap((mode) =>
        mode.handler === null
          ? []
          : [
              [
                mode.mode,
                ...SEGMENTS.map((segment) => {
                  const value = mode.handler?.breakdownMs[segment];
                  return value === undefined ? "-" : `${fixed(value.p50, 1)} / ${fixed(value.p90, 1)} / ${fixed(value.p99, 1)}`;
                }),
              ],
            ],
      ),
    ),
    "",
    "comparison",
  );
  for (const [mode, percent] of Object.entries(summary.startOverheadPercent)) {
    out.push(`  docker start overhead, ${mode} vs none: ${percent >= 0 ? "+" : ""}${fixed(percent, 1)} %`);
  }
  const ratio = summary.perPartOverBatch;
  out.push(
    ratio === null
      ? "  per-part / batch: -"
      : `  per-part / batch: p50 ${fixed(ratio.p50, 2)}×, p99 ${fixed(ratio.p99, 2)}×, after-last ${fixed(ratio.afterLast, 2)}×, worker CPU incl. children ${fixed(ratio.workerCpuWithChildren, 2)}×`,
    "",
    "targets (on the medians)",
    textTable(
      ["target", "limit", "mode", "value", "result"],
      summary.targets.map((target) => [
        target.what,
        target.limit,
        target.mode,
        `${fixed(target.value, 1)} ${target.unit}`,
        target.pass ? "pass" : "FAIL",
      ]),
    ),
  );
  const warned = report.phases.filter((phase) => phase.warnings.length > 0);
  if (warned.length > 0) {
    out.push("", "warnings");
    for (const phase of warned) for (const warning of phase.warnings) out.push(`  phase ${phase.seq} (${phase.mode}): ${warning}`);
  }
  return `${out.join("\n")}\n`;
}

/** Writes the whole report as JSON; returns the absolute path. */
export async function writeReportJson(report: BenchReport, file: string): Promise<string> {
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
