import { describe, expect, it } from "vitest";
import { effectiveCapabilities } from "../src/index.js";

describe("effectiveCapabilities", () => {
  it.each([
    ["CapInh:\t0000000000000000\nCapEff:\t000001fffeffffff\n", 0x1fffeffffffn],
    ["CapEff:\t0000000000201000\n", (1n << 12n) | (1n << 21n)],
    ["CapEff:\t0000000000000000\n", 0n],
  ])("reads CapEff from %j", (status, expected) => {
    expect(effectiveCapabilities(status)).toBe(expected);
  });

  it("says so when there is no CapEff line", () => {
    expect(() => effectiveCapabilities("Name:\tnode\n")).toThrow("no CapEff line");
  });
});
