import { describe, expect, it } from "vitest";
import { parseAllowedVariables } from "../src/allowed-variables.js";
import { LabelVariablesError } from "../src/errors/label-variables-error.js";

describe("parseAllowedVariables", () => {
  it.each<[string | undefined, string[]]>([
    [undefined, []],
    ["", []],
    ["  ", []],
    ["VPN_IP, INT_IF_IP", ["VPN_IP", "INT_IF_IP"]],
    [" _a ,,b9,_a, ", ["_a", "b9"]],
  ])("%j → %j", (text, names) => {
    expect(parseAllowedVariables(text)).toEqual(names);
  });

  it.each([
    ["VPN_IP, 1BAD", "1BAD", '"1BAD"'],
    ["A B", "A B", '"A B"'],
    ["A-B", "A-B", '"A-B"'],
    ["A;B", "A;B", '"A;B"'],
    ["ÄB", "ÄB", '"\\u{C4}B"'],
  ])("refuses %j naming %j", (text, entry, quoted) => {
    const call = () => parseAllowedVariables(text);
    expect(call).toThrow(LabelVariablesError);
    expect(call).toThrow(quoted);
    try {
      call();
    } catch (error) {
      expect(error).toMatchObject({ name: "LabelVariablesError", entry });
    }
  });
});
