import { describe, expect, it } from "vitest";
import * as labels from "../src/index.js";

describe("index", () => {
  it("exports the public runtime API and nothing else", () => {
    expect(Object.keys(labels).sort()).toEqual([
      "LABEL_KEYS",
      "LABEL_KINDS",
      "LABEL_LIMITS",
      "LabelError",
      "LabelVariablesError",
      "isLabelKey",
      "parseAllowedVariables",
      "planFromLabels",
      "resolvePlan",
      "unknownNetworkError",
    ]);
  });

  it.each([
    [
      "LABEL_KEYS",
      [
        "docker-events.sysctl",
        "docker-events.link",
        "docker-events.address",
        "docker-events.route",
        "docker-events.rule",
        "docker-events.reply-via",
        "docker-events.host-route",
        "docker-events.host-rule",
      ],
    ],
    ["LABEL_LIMITS", { maxLabelLength: 16384, maxParts: 256, maxPartLength: 1024, maxArguments: 48, maxArgumentLength: 256 }],
  ] as const)("%s", (name, value) => {
    expect(labels[name]).toEqual(value);
  });

  it("LABEL_KINDS lists the keys of LABEL_KEYS in the same order", () => {
    expect(labels.LABEL_KINDS.map((kind) => kind.key)).toEqual(labels.LABEL_KEYS);
  });
});
