import { describe, expect, it } from "vitest";
import { SweepProgress } from "../../apps/watcher/src/sweep-progress.js";
import { labelKind, LATENCY_BUCKETS_SECONDS, secondsSince } from "../../apps/worker/src/worker-metrics.js";

// Pure pieces of the ops work. They live here, beside the ops integration tests, and run with them.

describe("SweepProgress", () => {
  function reports(total: number, stepMs: number, options: { everyCount?: number; everyMs?: number } = {}): number[] {
    let now = 0;
    const progress = new SweepProgress({ total, now: () => now, ...options });
    const reported: number[] = [];
    for (let done = 1; done <= total; done += 1) {
      now += stepMs;
      if (progress.shouldReport(done)) reported.push(done);
    }
    return reported;
  }

  it.each([
    ["a fast sweep of 350: every 100", 350, 1, [100, 200, 300]],
    ["a fast sweep of 100: nothing (its end is logged anyway)", 100, 1, []],
    ["a small fast sweep: nothing", 20, 1, []],
    ["a slow sweep of 10 (1 s each): every 2 s", 10, 1000, [2, 4, 6, 8]],
    ["a sweep of 300 at 30 ms each: whichever comes first", 300, 30, [67, 134, 201, 268]],
  ])("%s", (_what, total, stepMs, expected) => {
    expect(reports(total, stepMs)).toEqual(expected);
  });
});

describe("worker metric helpers", () => {
  it.each([
    ["docker-events.address", "address"],
    ["docker-events.route", "route"],
    ["docker-events.rule", "rule"],
    ["docker-events.host-route", "host-route"],
  ] as const)("label %s is counted as %s", (label, kind) => {
    expect(labelKind(label)).toBe(kind);
  });

  it("latency is the time since the watcher saw the start, never negative when clocks disagree", () => {
    expect(secondsSince(1_000, 1_250)).toBe(0.25);
    expect(secondsSince(2_000, 1_000)).toBe(0);
  });

  it("latency buckets go from 50 ms to 60 s, in order", () => {
    expect(LATENCY_BUCKETS_SECONDS[0]).toBe(0.05);
    expect(LATENCY_BUCKETS_SECONDS.at(-1)).toBe(60);
    expect([...LATENCY_BUCKETS_SECONDS].sort((a, b) => a - b)).toEqual(LATENCY_BUCKETS_SECONDS);
  });
});
