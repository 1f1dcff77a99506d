// Property-based tests of planFromLabels and resolvePlan over random and hostile labels, variables
// and networks. The properties live in label-properties.ts so that `npx tsx scripts/fuzz-labels.ts`
// runs the same ones for longer. Seeds are random: on failure fast-check prints the seed and path.
import { describe, expect, it } from "vitest";
import { planFromLabels } from "../src/plan-from-labels.js";
import { coverage, labelProperties, MAX_CALL_MS } from "./label-properties.js";

describe("planFromLabels properties", () => {
  it.each(labelProperties().map((property) => [property.name, property] as const))("%s", (_name, property) => {
    property.assert({ numRuns: property.unitRuns });
  });

  it("accepted and resolved some plans along the way, so the checks on commands were not vacuous", () => {
    expect(coverage.okPlans).toBeGreaterThan(100);
    expect(coverage.commands).toBeGreaterThan(300);
    expect(coverage.resolved).toBeGreaterThan(50);
  });
});

describe("planFromLabels known limitation", () => {
  // Expansion stops as soon as a part passes its length limit, so a long allowed value cannot
  // multiply the work: 15 parts of "add $X$X…" with a 4 KB value would otherwise build ~30 MB.
  it("stays within the time bound when an allowed value is long", () => {
    const label = Array.from({ length: 15 }, () => `add ${"$X".repeat(510)}`).join(";");
    const variables = { allowed: ["X"], values: { X: "a".repeat(4096) } };
    let best = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const start = performance.now();
      const result = planFromLabels({ "docker-events.route": label }, variables);
      best = Math.min(best, performance.now() - start);
      expect(result.ok ? [] : result.errors.map((error) => error.code)).toEqual(new Array(15).fill("too-long"));
    }
    expect(best).toBeLessThan(MAX_CALL_MS);
  });
});
