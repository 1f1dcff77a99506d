import { separateFamily } from "./check-options.js";
import { LabelError } from "./errors/label-error.js";
import { inferFamily } from "./infer-family.js";
import { sysctlPath } from "./plan-sysctl-part.js";
import type { PlannedCommand } from "./plan-types.js";
import { quoteForMessage } from "./quote-for-message.js";
import type { ContainerNetwork } from "./references/container-network.js";
import { findReferences } from "./references/find-references.js";
import { ATTRIBUTES, namesOf, resolveReference, type Family } from "./references/resolve-reference.js";

export interface UnknownNetworkUse {
  command: PlannedCommand;
  /** The name as the label wrote it (best guess where names hold dots). */
  network: string;
  /** Every name the reference may mean, longest first (`@a.b.ip`: `a.b.ip`, `a.b`, `a`). */
  candidates: readonly string[];
}

export interface ResolvedPlan {
  /** Ready to run: references replaced, IPv6 parts marked -6. */
  commands: PlannedCommand[];
  /** Commands naming a network the container is not attached to: late (connected later) or a mistake. */
  unknown: UnknownNetworkUse[];
  errors: LabelError[];
}

type Resolution =
  | { ok: true; command: PlannedCommand }
  | { ok: false; unknown: string; candidates: string[] }
  | { ok: false; error: LabelError }
  | { ok: false; dropped: true };

/**
 * Replaces every `@<network>[.<attribute>]` with what the container's networks say: the interface
 * (found by MAC address), its address, prefix length, gateway or subnet. Commands of a preset that
 * use what a network lacks (IPv6, a gateway) are left out; in the user's own parts that is an error.
 */
export function resolvePlan(commands: readonly PlannedCommand[], networks: readonly ContainerNetwork[]): ResolvedPlan {
  const resolved: ResolvedPlan = { commands: [], unknown: [], errors: [] };
  for (const command of commands) {
    const outcome = command.hasReferences ? resolveCommand(command, networks) : ({ ok: true, command: withFamily(command) } as const);
    if (outcome.ok) resolved.commands.push(outcome.command);
    else if ("unknown" in outcome) resolved.unknown.push({ command, network: outcome.unknown, candidates: outcome.candidates });
    else if ("error" in outcome) resolved.errors.push(outcome.error);
  }
  return resolved;
}

/** The error for a part naming a network that the container does not have and the engine does not know. */
export function unknownNetworkError(use: UnknownNetworkUse, networks: readonly ContainerNetwork[]): LabelError {
  const names = networks.flatMap(namesOf);
  return new LabelError({
    code: "unknown-network",
    label: use.command.label,
    partIndex: use.command.partIndex,
    partText: use.command.partText,
    problem: `network ${quoteForMessage(use.network)} is not one of the container's networks (${names.length === 0 ? "it has none" : names.join(", ")})`,
    expected: "@<network> naming a network the container is attached to",
  });
}

function resolveCommand(command: PlannedCommand, networks: readonly ContainerNetwork[]): Resolution {
  const used = new Set<string>();
  const family = command.action === "ip" ? separateFamily(command.argv).family : undefined;
  const resolveWords = (words: readonly string[]): string[] | Exclude<Resolution, { ok: true }> => {
    const out: string[] = [];
    for (const [index, word] of words.entries()) {
      const sysctlKey = command.action === "sysctl" && index === 0;
      const pieces = resolveWord(word, command, networks, family, used);
      if (!Array.isArray(pieces)) return failure(command, pieces);
      if (!sysctlKey) {
        out.push(pieces.join(""));
        continue;
      }
      const path = sysctlPath(pieces, word.includes("/") ? "/" : ".");
      if (typeof path !== "string")
        return { ok: false, error: new LabelError({ ...path, label: command.label, partIndex: command.partIndex, partText: command.partText }) };
      out.push(path);
    }
    return out;
  };
  const argv = resolveWords(command.argv);
  if (!Array.isArray(argv)) return argv;
  const undoArgv = command.undoArgv === undefined ? undefined : resolveWords(command.undoArgv);
  if (undoArgv !== undefined && !Array.isArray(undoArgv)) return undoArgv;
  const resolved: PlannedCommand = { ...command, argv, ...(undoArgv === undefined ? {} : { undoArgv }), hasReferences: false, networks: [...used] };
  return { ok: true, command: withFamily(resolved) };
}

type WordFailure = Exclude<ReturnType<typeof resolveReference>, { ok: true }> | { ok: false; reason: "misused"; problem: string; expected: string };

/** Literal text and resolved values, alternating (values at odd indexes). */
function resolveWord(
  word: string,
  command: PlannedCommand,
  networks: readonly ContainerNetwork[],
  family: Family | undefined,
  used: Set<string>,
): string[] | WordFailure {
  const spans = findReferences(word);
  if (!Array.isArray(spans)) throw new TypeError(`planned word ${word} holds a bad reference`);
  const pieces: string[] = [];
  let last = 0;
  for (const span of spans) {
    const outcome = resolveReference(span.run, networks, family);
    if (!outcome.ok) return outcome;
    const misuse = misusedReference(span.run, outcome, command);
    if (misuse !== undefined) return misuse;
    used.add(outcome.network.name);
    pieces.push(word.slice(last, span.start), outcome.value);
    last = span.end - outcome.rest.length;
  }
  pieces.push(word.slice(last));
  return pieces;
}

const EXPECTED_ATTRIBUTES = `@<network> or @<network>.${ATTRIBUTES.join("|")}`;

/**
 * A container's interface means nothing on the host (a host part naming `@lan` would name a host
 * device that happens to share the name); in an ip part, `@wan.gw` is a misspelt attribute, not
 * an interface `eth1.gw`. (Sysctl keys continue after the interface: `@wan.rp_filter`.)
 */
function misusedReference(
  run: string,
  outcome: Extract<ReturnType<typeof resolveReference>, { ok: true }>,
  command: PlannedCommand,
): WordFailure | undefined {
  if (outcome.names !== "interface" || command.action !== "ip") return undefined;
  if (command.target === "host") {
    return {
      ok: false,
      reason: "misused",
      problem: `@${run} names the container's interface, which is not a device on the host`,
      expected: `a host part using @<network>.${ATTRIBUTES.filter((name) => name !== "mac").join("|")}`,
    };
  }
  if (/^\.[A-Za-z]/.test(outcome.rest)) {
    return {
      ok: false,
      reason: "misused",
      problem: `@${run}: ${quoteForMessage(outcome.rest.slice(1))} is not an attribute of a network`,
      expected: EXPECTED_ATTRIBUTES,
    };
  }
  return undefined;
}

function failure(command: PlannedCommand, outcome: WordFailure): Exclude<Resolution, { ok: true }> {
  if (outcome.reason === "unknown-network") return { ok: false, unknown: outcome.name, candidates: outcome.candidates };
  if (outcome.reason === "misused") {
    return {
      ok: false,
      error: new LabelError({
        code: "bad-reference",
        label: command.label,
        partIndex: command.partIndex,
        partText: command.partText,
        problem: outcome.problem,
        expected: outcome.expected,
      }),
    };
  }
  if (outcome.reason === "missing" && command.optional === true) return { ok: false, dropped: true };
  const { network } = outcome;
  const problem =
    outcome.reason === "no-interface"
      ? `no interface in the container has network ${quoteForMessage(network.name)}'s MAC address ${network.mac ?? "(none reported)"}`
      : `network ${quoteForMessage(network.name)} has no ${outcome.what.replace(/^an? /, "")} for this container`;
  const expected = outcome.reason === "no-interface" ? "an interface carrying the endpoint's MAC address" : `a network with ${outcome.what}`;
  return {
    ok: false,
    error: new LabelError({
      code: "missing-network-value",
      label: command.label,
      partIndex: command.partIndex,
      partText: command.partText,
      problem,
      expected,
    }),
  };
}

/**
 * An ip command without a stated family that names an IPv6 address runs with -6. What undoes a
 * host change always states its family: the ledger knows a change by its undo, and `add X` and
 * `-4 add X` from two containers must be the same change.
 */
function withFamily(command: PlannedCommand): PlannedCommand {
  if (command.action !== "ip") return command;
  const { family: stated, words } = separateFamily(command.argv);
  const family = stated ?? inferFamily(words);
  const argv = stated === undefined && family !== undefined ? [family, ...command.argv] : command.argv;
  if (command.undoArgv === undefined) return argv === command.argv ? command : { ...command, argv };
  const undo = separateFamily(command.undoArgv);
  return { ...command, argv, undoArgv: [undo.family ?? family ?? "-4", ...undo.words] };
}
