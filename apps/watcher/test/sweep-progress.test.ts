import { describe, expect, it } from "vitest";
import { SweepProgress } from "../src/sweep-progress.js";

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
