import { describe, expect, it } from "vitest";
import { quoteForMessage } from "../src/quote-for-message.js";

describe("quoteForMessage", () => {
  it.each([
    ["add default", '"add default"'],
    ['say "hi" \\', '"say \\"hi\\" \\\\"'],
    ["a\nb\tc", '"a\\u{A}b\\u{9}c"'],
    ["eth0\u200b😀", '"eth0\\u{200B}\\u{1F600}"'],
    ["x".repeat(81), `"${"x".repeat(80)}…" (81 characters)`],
    ["x".repeat(80), `"${"x".repeat(80)}"`],
  ])("%j → %s", (text, quoted) => {
    expect(quoteForMessage(text)).toBe(quoted);
  });
});
