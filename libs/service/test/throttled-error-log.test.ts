import { pino } from "pino";
import { afterEach, describe, expect, it, vi } from "vitest";
import { throttledErrorLog } from "../src/index.js";

describe("throttledErrorLog", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("logs the first error, then one line per interval with the count it held back", () => {
    vi.useFakeTimers();
    const lines: Record<string, unknown>[] = [];
    const logger = pino({}, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const onError = throttledErrorLog(logger, "redis connection error", 1000);

    for (let i = 0; i < 50; i += 1) onError(new Error("connect ECONNREFUSED 127.0.0.1:6379"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: "redis connection error", error: "connect ECONNREFUSED 127.0.0.1:6379", suppressedSinceLast: 0 });

    vi.advanceTimersByTime(1001);
    onError(new Error("connect ECONNREFUSED 127.0.0.1:6379"));
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ suppressedSinceLast: 49 });
  });
});
