import type { LabelProblem } from "./errors/label-error.js";
import { quoteForMessage } from "./quote-for-message.js";
import { findReferences } from "./references/find-references.js";
import { trimBlanks } from "./split-text.js";

export interface PlannedSysctl {
  /** [key, value]; a key without references already has its parts joined by `/`. */
  argv: [string, string];
  hasReferences: boolean;
}

const KEY_CHARACTERS = /^[A-Za-z0-9_./@-]+$/;
// Numbers and words, as /proc/sys/net takes them; a range such as "32768 60999" has a space.
const VALUE_CHARACTERS = /^[A-Za-z0-9_.:,/ \t-]+$/;
const MAX_VALUE_LENGTH = 256;
const EXPECTED = "net.<key>=<value>, such as net.ipv4.conf.@wan.rp_filter=2 (a key with / between its parts is also read)";

/** `net.<key>=<value>`: only the network namespace's own settings, nothing of the host's. */
export function planSysctlPart(text: string): PlannedSysctl | LabelProblem {
  const equals = text.indexOf("=");
  if (equals === -1) return bad(`no "=" between key and value`);
  const key = trimBlanks(text.slice(0, equals));
  const value = trimBlanks(text.slice(equals + 1));
  if (!KEY_CHARACTERS.test(key)) return bad(`key ${quoteForMessage(key)} has characters other than letters, digits and _ . / @ -`);
  // Written with "/" the key's first part is what comes before the first "/": it must be net too.
  if (!(key.includes("/") ? key.startsWith("net/") : key.startsWith("net."))) {
    return bad(`key ${quoteForMessage(key)} is not under net.: only network namespace settings may be changed`);
  }
  if (value === "" || value.length > MAX_VALUE_LENGTH || !VALUE_CHARACTERS.test(value)) {
    return bad(`value ${quoteForMessage(value)} is not up to ${MAX_VALUE_LENGTH} letters, digits, spaces and _ . : , / -`);
  }
  const references = findReferences(key);
  if (!Array.isArray(references)) return references;
  if (references.length > 0) return { argv: [key, value], hasReferences: true };
  const path = sysctlPath([key], key.includes("/") ? "/" : ".");
  return typeof path === "string" ? { argv: [path, value], hasReferences: false } : path;
}

/**
 * The key's parts joined by `/`, as under /proc/sys. `pieces` alternate literal text (split at
 * `separator`) and resolved interface names (odd indexes: kept whole, they may hold dots).
 */
export function sysctlPath(pieces: readonly string[], separator: "." | "/"): string | LabelProblem {
  const parts: string[] = [""];
  pieces.forEach((piece, index) => {
    if (index % 2 === 1) {
      parts[parts.length - 1] += piece;
      return;
    }
    const split = piece.split(separator);
    parts[parts.length - 1] += split[0] ?? "";
    parts.push(...split.slice(1));
  });
  if (parts.some((part) => part === "" || part === "." || part === ".." || part.includes("/"))) {
    return bad(`key ${quoteForMessage(pieces.join(""))} has an empty, "." or ".." part`);
  }
  if (parts[0] !== "net") return bad(`key ${quoteForMessage(pieces.join(""))} is not under net.: only network namespace settings may be changed`);
  return parts.join("/");
}

function bad(problem: string): LabelProblem {
  return { code: "bad-sysctl", problem, expected: EXPECTED };
}
