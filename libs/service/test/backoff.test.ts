import { describe, expect, it } from "vitest";
import { Backoff } from "../src/index.js";

describe("Backoff", () => {
  it.each([
    { firstMs: 1, maxMs: 8, retryInMs: [1, 2, 4, 8, 8, 8] },
    { firstMs: 3, maxMs: 10, retryInMs: [3, 6, 10, 10] },
    { firstMs: 5, maxMs: 5, retryInMs: [5, 5, 5] },
  ])("from $firstMs ms doubles up to $maxMs ms", async ({ firstMs, maxMs, retryInMs }) => {
    const backoff = new Backoff({ firstMs, maxMs });
    const said = [backoff.failed().retryInMs];
    while (said.length < retryInMs.length) {
      await backoff.wait(new AbortController().signal);
      said.push(backoff.failed().retryInMs);
    }
    expect(said).toEqual(retryInMs);
    expect(backoff.failures).toBe(retryInMs.length);
  });

  it("starts over after a success", async () => {
    const backoff = new Backoff({ firstMs: 1, maxMs: 100 });
    backoff.failed();
    await backoff.wait(new AbortController().signal);
    await backoff.wait(new AbortController().signal);
    backoff.succeeded();
    expect(backoff.failures).toBe(0);
    expect(backoff.failed()).toEqual({ failures: 1, retryInMs: 1 });
  });

  it("stops waiting when the signal aborts, without rejecting", async () => {
    const backoff = new Backoff({ firstMs: 60_000, maxMs: 60_000 });
    const stop = new AbortController();
    const started = Date.now();
    const waiting = backoff.wait(stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
