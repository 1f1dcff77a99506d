import { describe, expect, it } from "vitest";
import { planLabel } from "../src/plan-label.js";

const noVariables = { allowed: [], values: {} };

describe("planLabel", () => {
  it.each([
    ["add 1.2.3.4;;  ; add 5.6.7.8", [0, 3]],
    [";add 1.2.3.4;", [1]],
    ["  add 1.2.3.4  ", [0]],
    ["", []],
    [" ; ;\t", []],
  ])("keeps written indexes, empties counted, for %j", (value, indexes) => {
    const outcome = planLabel("docker-events.route", value, noVariables);
    expect(outcome.errors).toEqual([]);
    expect(outcome.commands.map((command) => command.partIndex)).toEqual(indexes);
  });

  it.each([
    ["too-long", "x".repeat(16385), "docker-events.rule: label is 16385 characters; expected at most 16384"],
    ["too-many-parts", "add 1.2.3.4;".repeat(257), "docker-events.rule: label has 257 non-empty parts; expected at most 256"],
  ])("refuses the whole label: %s", (code, value, message) => {
    const outcome = planLabel("docker-events.rule", value, noVariables);
    expect(outcome.commands).toEqual([]);
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]).toMatchObject({ code, label: "docker-events.rule", partIndex: undefined, partText: undefined, message });
  });

  it.each([
    ["256 parts plus empties", `${"add 1.2.3.4;".repeat(256)};;;`, 256],
    ["exactly 16384 characters", `add ${"1".repeat(16380)}`, 0],
  ])("accepts the limits: %s", (_name, value, count) => {
    expect(planLabel("docker-events.rule", value, noVariables).commands).toHaveLength(count);
  });

  it("keeps good parts beside bad ones so callers can report both", () => {
    const outcome = planLabel("docker-events.route", "add 1.2.3.4;show;add 5.6.7.8", noVariables);
    expect(outcome.commands.map((command) => command.partIndex)).toEqual([0, 2]);
    expect(outcome.errors.map((error) => error.partIndex)).toEqual([1]);
  });
});
