import { describe, expect, it } from "vitest";
import { splitArguments, splitParts, trimBlanks } from "../src/split-text.js";

describe("splitParts", () => {
  it.each([
    [
      "a;b",
      [
        { index: 0, text: "a" },
        { index: 1, text: "b" },
      ],
    ],
    [
      " a ;\t;b\t",
      [
        { index: 0, text: "a" },
        { index: 2, text: "b" },
      ],
    ],
    ["", []],
    [";;", []],
  ])("%j", (value, parts) => {
    expect(splitParts(value)).toEqual(parts);
  });
});

describe("trimBlanks", () => {
  it.each([
    [" \tx y\t ", "x y"],
    ["\nx\n", "\nx\n"],
    ["\u00a0x", "\u00a0x"],
    ["  ", ""],
  ])("%j → %j", (text, trimmed) => {
    expect(trimBlanks(text)).toBe(trimmed);
  });
});

describe("splitArguments", () => {
  it.each([
    ["add  default\tvia 1.2.3.4", ["add", "default", "via", "1.2.3.4"]],
    ["  x  ", ["x"]],
    ["", []],
    [" \t ", []],
    ["a\u00a0b", ["a\u00a0b"]],
  ])("%j", (text, args) => {
    expect(splitArguments(text)).toEqual(args);
  });
});
