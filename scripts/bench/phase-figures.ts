import type { EngineQueues } from "../../test/harness/engine-queues.js";
import type { StartedBenchContainer } from "./bench-containers.js";
import type { BenchContainerPlan } from "./bench-labels.js";
import type { WorkerLogReader } from "./configured-log.js";
import { summarizeLatencies } from "./latency-stats.js";
import { segmentsOf, summarizeBreakdown } from "./time-breakdown.js";
import type { HandlerFigures } from "./phase-result.js";

/** First to last StartedAt, as Docker recorded them. */
export function startedSpread(started: readonly StartedBenchContainer[]): number {
  const times = started.map((container) => container.startedAtMs);
  return Math.max(...times) - Math.min(...times);
}

export type HandlerTimes = Pick<HandlerFigures, "latencyMs" | "afterLastMs" | "throughputPerSecond" | "parts" | "breakdownMs">;

/** Latencies, after-last and throughput from StartedAt and the worker's "container configured" times. */
export function handlerTimes(started: readonly StartedBenchContainer[], reader: WorkerLogReader): HandlerTimes {
  const latencies: number[] = [];
  const configuredTimes: number[] = [];
  const parts = { applied: 0, already: 0 };
  const segments: ReturnType<typeof segmentsOf>[] = [];
  for (const container of started) {
    const configured = reader.configured.get(container.name);
    if (configured === undefined) throw new Error(`expected a "container configured" line for ${container.name}`);
    latencies.push(configured.time - container.startedAtMs);
    configuredTimes.push(configured.time);
    parts.applied += configured.applied ?? 0;
    parts.already += configured.already ?? 0;
    segments.push(segmentsOf(configured, container.startedAtMs));
  }
  const startedTimes = started.map((container) => container.startedAtMs);
  const lastConfigured = Math.max(...configuredTimes);
  return {
    latencyMs: summarizeLatencies(latencies),
    afterLastMs: lastConfigured - Math.max(...startedTimes),
    throughputPerSecond: started.length / ((lastConfigured - Math.min(...startedTimes)) / 1000),
    parts,
    breakdownMs: summarizeBreakdown(segments),
  };
}

/** Anything that makes a phase's figures those of another path than the intended one. */
export async function handlerWarnings(
  times: HandlerTimes,
  reader: WorkerLogReader,
  plans: readonly BenchContainerPlan[],
  queues: EngineQueues,
): Promise<string[]> {
  const warnings: string[] = [];
  const expectedParts = plans.reduce((sum, plan) => sum + plan.parts, 0);
  const { applied, already } = times.parts;
  if (applied + already !== expectedParts)
    warnings.push(`expected ${expectedParts} parts, the worker reported ${applied} applied and ${already} already there`);
  if (already > 0) warnings.push(`${already} parts were already there (leftovers of an earlier run?)`);
  // pino's time is whole milliseconds: up to 1 ms below StartedAt is rounding.
  if (times.latencyMs.min < -1) warnings.push(`a container was configured ${(-times.latencyMs.min).toFixed(1)} ms before its StartedAt (clocks?)`);
  const twice = [...reader.configured.values()].filter((configured) => configured.lines > 1).length;
  if (twice > 0) warnings.push(`${twice} containers were configured more than once`);
  for (const problem of reader.problems.slice(0, 5)) warnings.push(`worker: ${problem.text}`);
  if (reader.problems.length > 5) warnings.push(`worker: ${reader.problems.length - 5} more warnings`);
  const jobs = (await queues.jobIds()).length;
  if (jobs !== plans.length) warnings.push(`expected ${plans.length} jobs in the queue, found ${jobs}`);
  return warnings;
}
