import { describe, expect, it } from "vitest";
import { findAddedDuplicateRule, parseRuleList } from "../src/find-added-duplicate-rule.js";
import type { RuleEntry } from "../src/find-added-duplicate-rule.js";

const local: RuleEntry = { priority: 0, src: "all", table: "local" };
const main: RuleEntry = { priority: 32766, src: "all", table: "main" };
const fromA = (priority: number): RuleEntry => ({ priority, src: "10.99.0.2", table: "100" });
const fromAMarked = (priority: number): RuleEntry => ({ priority, src: "10.99.0.2", table: "100", fwmark: "0x1" });
const fromB = (priority: number): RuleEntry => ({ priority, src: "10.99.0.3", table: "100" });

const cases: Array<[string, RuleEntry[], RuleEntry[], number | undefined]> = [
  ["the first copy of a rule", [local, main], [local, fromA(32765), main], undefined],
  ["a second identical copy", [local, fromA(32765), main], [local, fromA(32764), fromA(32765), main], 32764],
  ["a third copy when two are there", [local, fromA(32764), fromA(32765), main], [local, fromA(32763), fromA(32764), fromA(32765), main], 32763],
  ["a rule that differs in one attribute", [local, fromA(32765), main], [local, fromAMarked(32764), fromA(32765), main], undefined],
  ["a rule with fewer attributes than an old one", [local, fromAMarked(32765), main], [local, fromA(32764), fromAMarked(32765), main], undefined],
  ["a different source", [local, fromA(32765), main], [local, fromB(32764), fromA(32765), main], undefined],
  ["nothing changed", [local, fromA(32765), main], [local, fromA(32765), main], undefined],
  ["two rules appeared at once", [local, fromA(32765), main], [local, fromA(32763), fromA(32764), fromA(32765), main], undefined],
  ["an old rule vanished while ours appeared", [local, fromA(32765), fromB(32764), main], [local, fromA(32763), fromA(32765), main], 32763],
];

describe("findAddedDuplicateRule", () => {
  it.each(cases)("%s", (_name, before, after, expected) => {
    expect(findAddedDuplicateRule(before, after)).toBe(expected);
  });
});

describe("parseRuleList", () => {
  it("reads ip -j rule show output", () => {
    expect(parseRuleList('[{"priority":0,"src":"all","table":"local"},{"priority":32765,"src":"10.99.0.2","table":"100"}]')).toEqual([
      local,
      fromA(32765),
    ]);
  });

  it.each([["{}"], ['[{"src":"all"}]'], ['[{"priority":"0"}]'], ["[null]"]])("rejects %s", (json) => {
    expect(() => parseRuleList(json)).toThrow(/expected a JSON array of rules/);
  });
});
