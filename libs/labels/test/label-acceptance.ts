// A positive oracle (property 8): ip labels built from allowlisted verbs and plain words, variables
// and network references are accepted exactly, with -6 where a word is IPv6 and undo for host changes.
import { isIPv4, isIPv6 } from "node:net";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import type { LabelKey } from "../src/label-kinds.js";
import type { LabelVariables, PlannedCommand } from "../src/plan-types.js";
import { fail, plan } from "./label-check-helpers.js";
import { EXPECTED_ORDER, hasBadReference, ipSpec, isClearlyIpv6, PLAIN_IP_KEYS } from "./label-expectations.js";
import { ALLOWED_POOL, blank, safeWord } from "./label-text-generators.js";

interface WordSpec {
  literal: string;
  ref: number;
  braces: boolean;
  suffix: string;
}

interface PartSpec {
  family: "" | "-4" | "-6";
  verbIndex: number;
  words: WordSpec[];
  /** For docker-events.link: `dev` before the device, then settings (device is words[0]). */
  devKeyword: boolean;
  settings: string[][];
  blanks: string[];
  before: string;
  after: string;
}

export interface AcceptanceInput {
  variables: Readonly<Record<string, string>>;
  labels: readonly (readonly [LabelKey, readonly PartSpec[], readonly string[]])[];
}

/** A word ip labels take as is: "@" only before a network name; no zone "%" (see isClearlyIpv6). */
const acceptedWord = safeWord.filter((word) => !hasBadReference(word) && !word.includes("%"));

const wordSpec = fc.record({
  literal: acceptedWord,
  ref: fc.integer({ min: -3, max: 7 }),
  braces: fc.boolean(),
  suffix: fc.oneof(fc.constant(""), acceptedWord),
});

const ACCEPTED_LINK_SETTINGS: readonly string[][] = [
  ["up"],
  ["down"],
  ["mtu", "1400"],
  ["txqueuelen", "1000"],
  ["txqlen", "500"],
  ["address", "02:42:ac:11:00:02"],
  ["address", "@wan.mac"],
  ["broadcast", "ff:ff:ff:ff:ff:ff"],
  ["alias", "uplink"],
  ["arp", "off"],
  ["multicast", "on"],
  ["allmulticast", "off"],
  ["promisc", "on"],
];

const partSpec = fc.record({
  family: fc.constantFrom<"" | "-4" | "-6">("", "", "-4", "-6"),
  verbIndex: fc.nat(),
  words: fc.array(wordSpec, { maxLength: 8 }),
  devKeyword: fc.boolean(),
  settings: fc.array(fc.constantFrom(...ACCEPTED_LINK_SETTINGS), { minLength: 1, maxLength: 4 }),
  blanks: fc.array(blank, { minLength: 10, maxLength: 10 }),
  before: fc.constantFrom("", " ", "\t "),
  after: fc.constantFrom("", " ", " \t"),
});

const IP_KEYS = [...PLAIN_IP_KEYS, "docker-events.link" as const];

export const acceptanceInput: fc.Arbitrary<AcceptanceInput> = fc.record({
  variables: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...ALLOWED_POOL), acceptedWord), { selector: ([name]) => name, maxLength: 4 })
    .map((entries) => Object.fromEntries(entries)),
  labels: fc.uniqueArray(
    fc.tuple(
      fc.constantFrom(...IP_KEYS),
      fc.array(partSpec, { minLength: 1, maxLength: 5 }),
      fc.array(fc.constantFrom("", " ", "\t"), { minLength: 5, maxLength: 5 }),
    ),
    { selector: ([key]) => key, minLength: 1, maxLength: 4 },
  ),
});

// Kept apart from libs/labels' own list: the oracle says what ip needs, independently.
const VALUE_KEYWORDS_LAST = new Set([
  "via",
  "dev",
  "table",
  "lookup",
  "from",
  "to",
  "src",
  "metric",
  "pref",
  "preference",
  "priority",
  "proto",
  "protocol",
  "scope",
  "mtu",
  "fwmark",
  "label",
  "peer",
  "iif",
  "oif",
  "realms",
]);

/** Written as an IPv4 or IPv6 address (digits and dots; hex digits, dots and a colon), with an optional /prefix, yet not one (Node's own parser). */
function writtenAsBadAddress(word: string): boolean {
  const [address = "", prefix, ...more] = word.split("/");
  if (more.length > 0 || (prefix !== undefined && !/^\d+$/.test(prefix))) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(address)) return !(isIPv4(address) && (prefix === undefined || Number(prefix) <= 32));
  if (/^[0-9A-Fa-f:.]*$/.test(address) && address.includes(":")) return !(isIPv6(address) && (prefix === undefined || Number(prefix) <= 128));
  return false;
}

/** The words of a part as written and as ip gets them. */
function partWords(key: LabelKey, part: PartSpec, names: readonly string[], values: Readonly<Record<string, string>>) {
  const spec = ipSpec(key) ?? fail(`${key} is not an ip label`);
  const verb = spec.verbs[part.verbIndex % spec.verbs.length] ?? "add";
  const textWords: string[] = [verb];
  const argWords: string[] = [verb];
  const link = spec.object === "link";
  if (link && part.devKeyword) {
    textWords.push("dev");
    argWords.push("dev");
  }
  for (const word of link ? part.words.slice(0, 1) : part.words) {
    const name = names[word.ref];
    const value = name === undefined ? undefined : values[name];
    let text = word.literal;
    let arg = word.literal;
    if (name !== undefined && value !== undefined) {
      text = word.braces ? `\${${name}}${word.suffix}` : `$${name}`;
      arg = word.braces ? value + word.suffix : value;
    }
    // "netns" is refused anywhere; "dev" as a device without the keyword would read as the keyword;
    // a word written as an address that is none is refused (ip would be).
    if (arg === "netns" || (link && arg === "dev") || (!link && writtenAsBadAddress(arg))) [text, arg] = ["x", "x"];
    textWords.push(text);
    argWords.push(arg);
  }
  // A keyword last has no value: refused (ip would be).
  if (!link && argWords.length > 1 && VALUE_KEYWORDS_LAST.has(argWords.at(-1) ?? "")) {
    textWords[textWords.length - 1] = "x";
    argWords[argWords.length - 1] = "x";
  }
  if (link) {
    if (part.words.length === 0) {
      textWords.push("eth0");
      argWords.push("eth0");
    }
    textWords.push(...part.settings.flat());
    argWords.push(...part.settings.flat());
  }
  return { spec, verb, textWords, argWords };
}

export function checkAcceptance(input: AcceptanceInput): void {
  const names = Object.keys(input.variables);
  const labels: Record<string, string> = {};
  const expected: PlannedCommand[] = [];
  for (const key of EXPECTED_ORDER) {
    const entry = input.labels.find(([label]) => label === key);
    if (entry === undefined) continue;
    const [, parts, empties] = entry;
    const written: string[] = [];
    parts.forEach((part, partNumber) => {
      // Empty parts in between still count for partIndex.
      const empty = empties[partNumber];
      if (empty !== undefined && partNumber % 2 === 1) written.push(empty);
      const { spec, verb, textWords, argWords } = partWords(key, part, names, input.variables);
      let text = part.family === "" ? "" : part.family + (part.blanks[9] ?? " ");
      textWords.forEach((word, index) => {
        text += (index === 0 ? "" : (part.blanks[index % 9] ?? " ")) + word;
      });
      // A part without a stated family that names an IPv6 address runs with -6.
      const family = part.family !== "" ? [part.family] : argWords.some(isClearlyIpv6) ? ["-6"] : [];
      const undone = spec.undoneOnStop.includes(verb);
      const references = argWords.some((word) => word.includes("@"));
      expected.push({
        label: key,
        partIndex: written.length,
        partText: text,
        target: spec.target,
        action: "ip",
        argv: [...family, spec.object, ...argWords],
        // The undo states its family: the part's, else IPv4 (a part with references waits for them).
        ...(undone ? { undoArgv: [...(family.length > 0 || references ? family : ["-4"]), spec.object, "del", ...argWords.slice(1)] } : {}),
        hasReferences: references,
      });
      written.push(part.before + text + part.after);
    });
    labels[key] = written.join(";");
  }
  const variables: LabelVariables = { allowed: names, values: input.variables };
  const result = plan(labels, variables);
  if (!result.ok) fail(`well-formed labels refused: ${result.errors.map((error) => error.message).join("; ")}`);
  if (!isDeepStrictEqual(result.plan.commands, expected)) {
    fail(`plan differs for ${JSON.stringify(labels)}:\n got ${JSON.stringify(result.plan.commands)}\nwant ${JSON.stringify(expected)}`);
  }
  if (result.plan.warnings.length > 0) fail("warnings for known labels");
}
