import { describe, expect, it } from "vitest";
import { findDuplicatedRules } from "../src/batch/find-duplicated-rules.js";
import type { RuleEntry } from "../src/find-added-duplicate-rule.js";

const rule = (priority: number, src: string, table = "100"): RuleEntry => ({ priority, src, table, protocol: "unspec" });
const DEFAULTS = [
  { priority: 0, src: "all", table: "local", protocol: "kernel" },
  { priority: 32766, src: "all", table: "main", protocol: "kernel" },
  { priority: 32767, src: "all", table: "default", protocol: "kernel" },
];
const none = new Set<number>();

describe("findDuplicatedRules", () => {
  it.each<[string, RuleEntry[], RuleEntry[], Set<number>, number[]]>([
    ["nothing added", DEFAULTS, DEFAULTS, none, []],
    ["a new rule", DEFAULTS, [...DEFAULTS, rule(32765, "10.0.0.1")], none, []],
    [
      "a rule that was already there",
      [...DEFAULTS, rule(32765, "10.0.0.1")],
      [...DEFAULTS, rule(32764, "10.0.0.1"), rule(32765, "10.0.0.1")],
      none,
      [32764],
    ],
    [
      "the same rule added twice: the later (lower) copy goes",
      DEFAULTS,
      [...DEFAULTS, rule(32764, "10.0.0.1"), rule(32765, "10.0.0.1")],
      none,
      [32764],
    ],
    ["three copies added", DEFAULTS, [...DEFAULTS, rule(32763, "10.0.0.1"), rule(32764, "10.0.0.1"), rule(32765, "10.0.0.1")], none, [32764, 32763]],
    [
      "same source, other table",
      [...DEFAULTS, rule(32765, "10.0.0.1")],
      [...DEFAULTS, rule(32764, "10.0.0.1", "200"), rule(32765, "10.0.0.1")],
      none,
      [],
    ],
    ["the old copy was deleted in the batch", [...DEFAULTS, rule(32765, "10.0.0.1")], [...DEFAULTS, rule(32764, "10.0.0.1")], none, []],
    ["a copy of a rule added with a named priority", DEFAULTS, [...DEFAULTS, rule(50, "10.0.0.1"), rule(49, "10.0.0.1")], new Set([50]), [49]],
    [
      "a rule at a priority the batch named is never taken",
      [...DEFAULTS, rule(32765, "10.0.0.1")],
      [...DEFAULTS, rule(50, "10.0.0.1"), rule(32765, "10.0.0.1")],
      new Set([50]),
      [],
    ],
    [
      "two rules sharing a priority: unclear whose",
      [...DEFAULTS, rule(32765, "10.0.0.1")],
      [...DEFAULTS, rule(32764, "10.0.0.1"), rule(32764, "10.0.0.2"), rule(32765, "10.0.0.1")],
      none,
      [],
    ],
  ])("%s", (_, before, after, named, expected) => {
    expect(findDuplicatedRules(before, after, named)).toEqual(expected);
  });
});
