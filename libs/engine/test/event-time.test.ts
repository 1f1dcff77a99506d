import { describe, expect, it } from "vitest";
import { eventTimeToSince } from "../src/index.js";

describe("eventTimeToSince", () => {
  it.each([
    [1764384600123456789n, "1764384600.123456789"],
    [1764384600000000001n, "1764384600.000000001"],
    [1764384600000000000n, "1764384600.000000000"],
  ])("keeps every nanosecond of %s", (timeNano, since) => {
    expect(eventTimeToSince(timeNano)).toBe(since);
  });
});
