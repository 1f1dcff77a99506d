import { describe, expect, it } from "vitest";
import { eventTimeToSince, startedAtToNano } from "../src/index.js";

describe("eventTimeToSince", () => {
  it.each([
    [1764384600123456789n, "1764384600.123456789"],
    [1764384600000000001n, "1764384600.000000001"],
    [1764384600000000000n, "1764384600.000000000"],
  ])("keeps every nanosecond of %s", (timeNano, since) => {
    expect(eventTimeToSince(timeNano)).toBe(since);
  });
});

describe("startedAtToNano", () => {
  it.each([
    ["2026-11-29T05:30:00.123456789Z", 1795930200123456789n],
    ["2026-11-29T05:30:00.1Z", 1795930200100000000n],
    ["2026-11-29T05:30:00Z", 1795930200000000000n],
    ["2026-11-29T06:30:00.5+01:00", 1795930200500000000n],
  ])("reads %s to the nanosecond", (startedAt, nano) => {
    expect(startedAtToNano(startedAt)).toBe(nano);
  });

  it("orders a StartedAt before the event sent just after it", () => {
    expect(startedAtToNano("2026-11-29T05:30:00.123456789Z")! < 1795930200123456790n).toBe(true);
  });

  it.each(["", "0001-01-01", "yesterday", "2026-11-29T05:30:00.1234567891Z"])("refuses %j", (text) => {
    expect(startedAtToNano(text)).toBeUndefined();
  });
});
