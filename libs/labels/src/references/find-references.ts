import type { LabelProblem } from "../errors/label-error.js";

/** `@` and the run of name characters after it: a network name, maybe followed by `.attribute` or more text. */
export interface ReferenceSpan {
  /** Index of the `@`. */
  start: number;
  /** Index after the run. */
  end: number;
  run: string;
}

const NAME_START = /[A-Za-z0-9]/;
const NAME_CHARACTER = /[A-Za-z0-9_.-]/;

/** Every `@<name…>` in `text`, or the problem with the first `@` that starts no name. */
export function findReferences(text: string): ReferenceSpan[] | LabelProblem {
  const spans: ReferenceSpan[] = [];
  let index = text.indexOf("@");
  while (index !== -1) {
    if (!NAME_START.test(text[index + 1] ?? "")) {
      return {
        code: "bad-reference",
        problem: `"@" at character ${index} is not followed by a network name`,
        expected: "@<network>, @<network>.ip, .gateway, .prefix or .subnet (with 6 for IPv6)",
      };
    }
    let end = index + 1;
    while (end < text.length && NAME_CHARACTER.test(text[end] ?? "")) end += 1;
    spans.push({ start: index, end, run: text.slice(index + 1, end) });
    index = text.indexOf("@", end);
  }
  return spans;
}
