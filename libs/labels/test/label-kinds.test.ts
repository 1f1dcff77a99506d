import { describe, expect, it } from "vitest";
import { isLabelKey, LABEL_KEYS, LABEL_KINDS, labelKind } from "../src/label-kinds.js";
import type { LabelKey, LabelKind } from "../src/label-kinds.js";

describe("LABEL_KINDS", () => {
  it.each<[LabelKey, LabelKind["target"], LabelKind["syntax"]]>([
    ["docker-events.sysctl", "container", { kind: "sysctl" }],
    ["docker-events.link", "container", { kind: "ip", object: "link", verbs: ["set"] }],
    ["docker-events.address", "container", { kind: "ip", object: "address", verbs: ["add", "change", "replace", "del", "delete", "flush"] }],
    [
      "docker-events.route",
      "container",
      { kind: "ip", object: "route", verbs: ["add", "append", "change", "replace", "prepend", "del", "delete", "flush"] },
    ],
    ["docker-events.rule", "container", { kind: "ip", object: "rule", verbs: ["add", "del", "delete", "flush"] }],
    ["docker-events.reply-via", "container", { kind: "reply-via" }],
    [
      "docker-events.host-route",
      "host",
      {
        kind: "ip",
        object: "route",
        verbs: ["add", "append", "change", "replace", "prepend", "del", "delete"],
        undoneOnStop: ["add", "append", "change", "replace", "prepend"],
      },
    ],
    ["docker-events.host-rule", "host", { kind: "ip", object: "rule", verbs: ["add", "del", "delete"], undoneOnStop: ["add"] }],
  ])("%s runs on the %s with its syntax", (key, target, syntax) => {
    expect(labelKind(key)).toEqual({ key, target, syntax });
  });

  it("is the one table LABEL_KEYS comes from, in application order", () => {
    expect(LABEL_KEYS).toEqual(LABEL_KINDS.map((kind) => kind.key));
    expect(new Set(LABEL_KEYS).size).toBe(LABEL_KEYS.length);
  });

  it("has no host kind that can flush", () => {
    for (const kind of LABEL_KINDS) {
      if (kind.target === "host" && kind.syntax.kind === "ip") expect(kind.syntax.verbs).not.toContain("flush");
    }
  });

  it("throws for a key that is not a kind", () => {
    expect(() => labelKind("docker-events.routes" as LabelKey)).toThrow(TypeError);
  });
});

describe("isLabelKey", () => {
  it.each([
    ...LABEL_KEYS.map((key) => [key, true] as const),
    ["docker-events.routes", false],
    ["docker-events.Route", false],
    ["docker-events.", false],
    ["route", false],
    ["__proto__", false],
    ["constructor", false],
    ["docker-events.constructor", false],
    ["", false],
  ] as const)("%j → %s", (key, known) => {
    expect(isLabelKey(key)).toBe(known);
  });
});
