import { quoteForMessage } from "./quote-for-message.js";

// Names for characters that are invisible or ambiguous when printed.
const CHARACTER_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, "NUL"],
  [0x09, "tab"],
  [0x0a, "newline"],
  [0x0d, "carriage return"],
  [0x1b, "escape"],
  [0x7f, "delete"],
  [0xa0, "no-break space"],
  [0x200b, "zero width space"],
  [0x200e, "left-to-right mark"],
  [0x200f, "right-to-left mark"],
  [0xfeff, "byte order mark"],
]);

/** `"$" (U+0024)` or `"\"" (U+0022)` for printable ASCII, `U+000A (newline)` or `U+1F600` otherwise. */
export function describeCharacter(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  const code = `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  if (codePoint > 0x20 && codePoint < 0x7f) return `${quoteForMessage(character)} (${code})`;
  const name = CHARACTER_NAMES.get(codePoint);
  return name === undefined ? code : `${code} (${name})`;
}
