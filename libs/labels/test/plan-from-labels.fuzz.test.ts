// Property-based tests of planFromLabels over random and hostile labels and variables. The
// properties live in label-properties.ts so that `npx tsx scripts/fuzz-labels.ts` runs the same
// ones for longer. Seeds are random: on failure fast-check prints the seed and path to replay.
import { describe, expect, it } from "vitest";
import { planFromLabels } from "../src/plan-from-labels.js";
import { coverage, labelProperties, MAX_CALL_MS } from "./label-properties.js";

describe("planFromLabels properties", () => {
  it.each(labelProperties().map((property) => [property.name, property] as const))("%s", (_name, property) => {
    property.assert({ numRuns: property.unitRuns });
  });

  it("accepted some plans along the way, so the checks on commands were not vacuous", () => {
    expect(coverage.okPlans).toBeGreaterThan(100);
    expect(coverage.commands).toBeGreaterThan(300);
  });
});

describe("planFromLabels known limitation", () => {
  // Expansion happens before any length check on its result, so the work per call grows with
  // label length × length of an allowed value: 15 parts of "add $X$X…" (15 KB of label) with an
  // 4 KB value build ~30 MB of text. Fails today; when it starts passing, drop `.fails`.
  it("stays within the time bound when an allowed value is long", () => {
    const label = Array.from({ length: 15 }, () => `add ${"$X".repeat(510)}`).join(";");
    const variables = { allowed: ["X"], values: { X: "a".repeat(4096) } };
    const start = performance.now();
    planFromLabels({ "docker-events.route": label }, variables);
    expect(performance.now() - start).toBeLessThan(MAX_CALL_MS);
  });
});
