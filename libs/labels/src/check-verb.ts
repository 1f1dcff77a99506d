import type { LabelProblem } from "./errors/label-error.js";
import type { AddressFamily } from "./check-options.js";
import type { LabelKey } from "./label-keys.js";
import { LABEL_SPECS } from "./label-keys.js";
import { quoteForMessage } from "./quote-for-message.js";

// The label decides the ip object, so a part that repeats it is a likely copy from a shell line.
const OBJECT_WORDS = new Set(["address", "addr", "route", "rule"]);

export function checkVerb(
  label: LabelKey,
  words: readonly string[],
  family: AddressFamily | undefined,
): LabelProblem | undefined {
  const spec = LABEL_SPECS[label];
  const expected = `one of: ${spec.verbs.join(", ")}`;
  const verb = words[0];
  if (verb === undefined) {
    const problem = family === undefined ? "no verb found" : `no verb after "${family}"`;
    return { code: "missing-verb", problem, expected };
  }
  if (spec.verbs.includes(verb)) return undefined;
  return { code: "unknown-verb", problem: unknownVerbProblem(label, verb), expected };
}

function unknownVerbProblem(label: LabelKey, verb: string): string {
  const { object, target } = LABEL_SPECS[label];
  const quoted = quoteForMessage(verb);
  if (OBJECT_WORDS.has(verb)) {
    return `verb ${quoted} is not supported: ${label} already implies "ip ${object}", so leave the object word out`;
  }
  if (verb === "flush" && target === "host") {
    return `verb "flush" is not allowed for host routes: it could wipe the host's routing table`;
  }
  return `verb ${quoted} is not supported`;
}
