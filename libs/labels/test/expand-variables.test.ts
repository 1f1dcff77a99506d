import { describe, expect, it } from "vitest";
import { expandVariables } from "../src/expand-variables.js";
import type { LabelVariables } from "../src/plan-types.js";

const variables: LabelVariables = {
  allowed: ["A", "A_1", "_b", "EMPTY", "UNSET", "constructor"],
  values: { A: "1.2.3.4", A_1: "x y", _b: "$A", EMPTY: "", SECRET: "s3cret" },
};

describe("expandVariables", () => {
  it.each([
    ["no variables", "no variables", false],
    ["$A/16", "1.2.3.4/16", true],
    ["${A}x", "1.2.3.4x", true],
    ["$A_1", "x y", true],
    ["$A-1", "1.2.3.4-1", true],
    ["$_b", "$A", true],
    ["$$A", "$A", false],
    ["a$$$A", "a$1.2.3.4", true],
  ])("%j → %j", (text, expanded, usedVariables) => {
    expect(expandVariables(text, variables)).toEqual({ ok: true, text: expanded, usedVariables });
  });

  it.each([
    ["$SECRET", "variable-not-allowed", "$SECRET"],
    ["$Ax", "variable-not-allowed", "$Ax"],
    ["${a}", "variable-not-allowed", "$a"],
    ["$UNSET", "variable-unset", "not set"],
    ["$EMPTY", "variable-unset", "set but empty"],
    ["$constructor", "variable-unset", "not set"],
    ["$", "variable-syntax", 'lone "$"'],
    ["$-", "variable-syntax", '"$-"'],
    ["$9", "variable-syntax", '"$9"'],
    ["${A", "variable-syntax", '"${A"'],
    ["${A:-x}", "variable-syntax", '"${A:-x}"'],
    ["${#A}", "variable-syntax", '"${#A}"'],
    ["${ A }", "variable-syntax", '"${ A }"'],
  ])("refuses %j as %s", (text, code, token) => {
    const expansion = expandVariables(text, variables);
    expect(expansion).toMatchObject({ ok: false, problem: { code } });
    if (!expansion.ok) expect(expansion.problem.problem).toContain(token);
  });

  it("says when nothing is allowed yet", () => {
    const expansion = expandVariables("$A", { allowed: [], values: { A: "1" } });
    expect(expansion).toMatchObject({ ok: false, problem: { expected: expect.stringContaining("none are listed now") as string } });
  });
});
