import { describe, expect, it } from "vitest";
import { labelKind, LATENCY_BUCKETS_SECONDS, secondsSince } from "../src/worker-metrics.js";

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
