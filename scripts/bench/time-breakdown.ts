import type { Configured } from "./configured-log.js";
import { median, summarizeLatencies } from "./latency-stats.js";

/**
 * Where a start's time goes, from the worker's "container configured" line: the engine
 * (StartedAt → its start event), the watcher (event → queued), the queue (queued → a worker took
 * it), and the worker's own stages (inspect, plan, claim, netns, ip, and the rest).
 */
export const SEGMENTS = ["engine", "watcher", "queue", "worker", "inspect", "claim", "ip"] as const;
export type Segment = (typeof SEGMENTS)[number];
export type Breakdown = Record<Segment, { p50: number; p90: number; p99: number }>;

export function segmentsOf(configured: Configured, startedAtMs: number): Partial<Record<Segment, number>> {
  const { timeline, stages } = configured;
  if (timeline === undefined) return {};
  const eventMs = timeline.eventTime === undefined ? undefined : Number(BigInt(timeline.eventTime) / 1000n) / 1000;
  return {
    ...(eventMs === undefined ? {} : { engine: eventMs - startedAtMs, watcher: timeline.seenAt - eventMs }),
    ...(timeline.takenAt === undefined ? {} : { queue: timeline.takenAt - timeline.seenAt, worker: configured.time - timeline.takenAt }),
    ...(stages?.inspect === undefined ? {} : { inspect: stages.inspect }),
    ...(stages?.claim === undefined ? {} : { claim: stages.claim }),
    ...(stages?.ip === undefined ? {} : { ip: stages.ip }),
  };
}

export function summarizeBreakdown(rows: readonly Partial<Record<Segment, number>>[]): Partial<Breakdown> {
  const out: Partial<Breakdown> = {};
  for (const segment of SEGMENTS) {
    const values = rows.flatMap((row) => (row[segment] === undefined ? [] : [row[segment]]));
    if (values.length === 0) continue;
    const { p50, p90, p99 } = summarizeLatencies(values);
    out[segment] = { p50, p90, p99 };
  }
  return out;
}

/** Each percentile of each segment, the median over phases. */
export function medianBreakdown(breakdowns: readonly Partial<Breakdown>[]): Partial<Breakdown> {
  const out: Partial<Breakdown> = {};
  for (const segment of SEGMENTS) {
    const present = breakdowns.flatMap((breakdown) => (breakdown[segment] === undefined ? [] : [breakdown[segment]]));
    if (present.length === 0) continue;
    const of = (pick: (value: { p50: number; p90: number; p99: number }) => number): number => median(present.map(pick)) ?? Number.NaN;
    out[segment] = { p50: of((v) => v.p50), p90: of((v) => v.p90), p99: of((v) => v.p99) };
  }
  return out;
}
