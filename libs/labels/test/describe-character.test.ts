import { describe, expect, it } from "vitest";
import { describeCharacter } from "../src/describe-character.js";

describe("describeCharacter", () => {
  it.each([
    ["$", '"$" (U+0024)'],
    ['"', '"\\"" (U+0022)'],
    ["\n", "U+000A (newline)"],
    ["\u0000", "U+0000 (NUL)"],
    [" ", "U+0020"],
    ["\u200f", "U+200F (right-to-left mark)"],
    ["😀", "U+1F600"],
    ["\ud800", "U+D800"],
  ])("%j → %s", (character, description) => {
    expect(describeCharacter(character)).toBe(description);
  });
});
