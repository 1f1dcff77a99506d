import { describe, expect, it } from "vitest";
import * as labels from "../src/index.js";

describe("index", () => {
  it("exports the public runtime API and nothing else", () => {
    expect(Object.keys(labels).sort()).toEqual([
      "LABEL_KEYS",
      "LABEL_LIMITS",
      "LabelError",
      "LabelVariablesError",
      "parseAllowedVariables",
      "planFromLabels",
    ]);
  });

  it.each([
    ["LABEL_KEYS", ["docker-events.address", "docker-events.route", "docker-events.rule", "docker-events.host-route"]],
    ["LABEL_LIMITS", { maxLabelLength: 16384, maxParts: 256, maxPartLength: 1024, maxArguments: 48, maxArgumentLength: 256 }],
  ] as const)("%s", (name, value) => {
    expect(labels[name]).toEqual(value);
  });
});
