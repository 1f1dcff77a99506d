import { describe, expect, it } from "vitest";
import { labelKind } from "../src/label-kinds.js";
import type { LabelKey } from "../src/label-kinds.js";
import { LABEL_LIMITS } from "../src/limits.js";
import { planLabel } from "../src/plan-label.js";

const noVariables = { allowed: [], values: {} };

function planOne(key: LabelKey, value: string, labels: Readonly<Record<string, string>> = {}) {
  return planLabel(labelKind(key), value, noVariables, { ...labels, [key]: value });
}

describe("planLabel", () => {
  it.each([
    ["add 1.2.3.4;;  ; add 5.6.7.8", [0, 3]],
    [";add 1.2.3.4;", [1]],
    ["  add 1.2.3.4  ", [0]],
    ["", []],
    [" ; ;\t", []],
  ])("keeps written indexes, empties counted, for %j", (value, indexes) => {
    const outcome = planOne("docker-events.route", value);
    expect(outcome.errors).toEqual([]);
    expect(outcome.commands.map((command) => command.partIndex)).toEqual(indexes);
  });

  it.each<[LabelKey, string, string, string]>([
    ["docker-events.rule", "too-long", "x".repeat(16385), "docker-events.rule: label is 16385 characters; expected at most 16384"],
    ["docker-events.rule", "too-many-parts", "add 1.2.3.4;".repeat(257), "docker-events.rule: label has 257 non-empty parts; expected at most 256"],
    [
      "docker-events.sysctl",
      "too-many-parts",
      "net.core.somaxconn=1;".repeat(257),
      "docker-events.sysctl: label has 257 non-empty parts; expected at most 256",
    ],
    ["docker-events.reply-via", "too-long", "w,".repeat(8193), "docker-events.reply-via: label is 16386 characters; expected at most 16384"],
  ])("refuses the whole %s label: %s", (key, code, value, message) => {
    const outcome = planOne(key, value);
    expect(outcome.commands).toEqual([]);
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]).toMatchObject({ code, label: key, partIndex: undefined, partText: undefined, message });
  });

  it.each([
    ["256 parts plus empties", `${"add 1.2.3.4;".repeat(256)};;;`, 256],
    ["exactly 16384 characters", `add ${"1".repeat(16380)}`, 0],
  ])("accepts the limits: %s", (_name, value, count) => {
    expect(planOne("docker-events.rule", value).commands).toHaveLength(count);
  });

  it("keeps good parts beside bad ones so callers can report both", () => {
    const outcome = planOne("docker-events.route", "add 1.2.3.4;show;add 5.6.7.8");
    expect(outcome.commands.map((command) => command.partIndex)).toEqual([0, 2]);
    expect(outcome.errors.map((error) => error.partIndex)).toEqual([1]);
  });

  it.each<[LabelKey, string, string[][]]>([
    [
      "docker-events.sysctl",
      "net.ipv4.ip_forward=1; net.core.somaxconn=4096",
      [
        ["net/ipv4/ip_forward", "1"],
        ["net/core/somaxconn", "4096"],
      ],
    ],
    [
      "docker-events.link",
      "set eth0 mtu 1400;set @wan up",
      [
        ["link", "set", "eth0", "mtu", "1400"],
        ["link", "set", "@wan", "up"],
      ],
    ],
    ["docker-events.host-rule", "add from 10.0.0.0/8 lookup 100", [["rule", "add", "from", "10.0.0.0/8", "lookup", "100"]]],
  ])("plans each part of %s with its own syntax", (key, value, argvs) => {
    const outcome = planOne(key, value);
    expect(outcome.errors).toEqual([]);
    expect(outcome.commands.map((command) => command.argv)).toEqual(argvs);
  });

  // Source bug: reply-via has no part limit, so a 16 KB list of one repeated name gives 8191
  // "listed twice" errors (and ~25-60 ms per call, past the fuzz time bound). Other labels stop at
  // LABEL_LIMITS.maxParts with one too-many-parts error.
  it.each(["a,".repeat(8192), "a;".repeat(8192), "-,".repeat(8192)])("bounds the errors of a long reply-via list %#", (value) => {
    const outcome = planOne("docker-events.reply-via", value);
    expect(outcome.commands).toEqual([]);
    expect(outcome.errors.length).toBeGreaterThan(0);
    expect(outcome.errors.length).toBeLessThanOrEqual(LABEL_LIMITS.maxParts);
  });

  it("reads reply-via as a network list, numbering tables past those the route and rule labels use", () => {
    const outcome = planOne("docker-events.reply-via", "wan", { "docker-events.route": "add default via 1.2.3.4 table 1000" });
    expect(outcome.errors).toEqual([]);
    expect(outcome.commands).toHaveLength(6);
    expect(outcome.commands.every((command) => command.argv.at(-1) === "1001")).toBe(true);
  });
});
