import type { LabelProblem } from "./errors/label-error.js";
import type { AddressFamily } from "./check-options.js";
import type { IpSyntax } from "./label-kinds.js";
import { quoteForMessage } from "./quote-for-message.js";

// The label decides the ip object, so a part that repeats it is a likely copy from a shell line.
const OBJECT_WORDS = new Set(["address", "addr", "route", "rule", "link"]);

export function checkVerb(syntax: IpSyntax, words: readonly string[], family: AddressFamily | undefined, onHost: boolean): LabelProblem | undefined {
  const expected = `one of: ${syntax.verbs.join(", ")}`;
  const verb = words[0];
  if (verb === undefined) {
    const problem = family === undefined ? "no verb found" : `no verb after "${family}"`;
    return { code: "missing-verb", problem, expected };
  }
  if (syntax.verbs.includes(verb)) return undefined;
  return { code: "unknown-verb", problem: unknownVerbProblem(syntax, verb, onHost), expected };
}

function unknownVerbProblem(syntax: IpSyntax, verb: string, onHost: boolean): string {
  const quoted = quoteForMessage(verb);
  if (OBJECT_WORDS.has(verb)) {
    return `verb ${quoted} is not supported: the label already implies "ip ${syntax.object}", so leave the object word out`;
  }
  if (verb === "flush" && onHost) {
    return `verb "flush" is not allowed on the host: it could wipe the host's routing table or rules`;
  }
  return `verb ${quoted} is not supported`;
}
