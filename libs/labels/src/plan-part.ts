import { checkArguments } from "./check-arguments.js";
import { checkIpValues } from "./check-ip-values.js";
import { checkLinkSet } from "./check-link-set.js";
import { findForbiddenOption, separateFamily } from "./check-options.js";
import { findControlCharacter, findQuoting, findShellSyntax } from "./check-raw-text.js";
import { checkVerb } from "./check-verb.js";
import { LabelError } from "./errors/label-error.js";
import type { LabelProblem } from "./errors/label-error.js";
import { expandVariables } from "./expand-variables.js";
import { inferFamily } from "./infer-family.js";
import type { IpSyntax, LabelKey, LabelKind } from "./label-kinds.js";
import { LABEL_LIMITS } from "./limits.js";
import { planSysctlPart } from "./plan-sysctl-part.js";
import type { LabelVariables, PlannedCommand } from "./plan-types.js";
import { findReferences } from "./references/find-references.js";
import { splitArguments } from "./split-text.js";

type PartSyntax = Exclude<LabelKind["syntax"], { kind: "reply-via" }>;

/** One `;`-separated part to one command, stopping at the first problem in a fixed order. */
export function planPart(
  kind: LabelKind & { syntax: PartSyntax },
  partIndex: number,
  partText: string,
  variables: LabelVariables,
): PlannedCommand | LabelError {
  const label = kind.key as LabelKey;
  const fail = (problem: LabelProblem): LabelError => new LabelError({ ...problem, label, partIndex, partText });

  const rawProblem = checkPartLength(partText) ?? findControlCharacter(partText) ?? findShellSyntax(partText) ?? findQuoting(partText);
  if (rawProblem !== undefined) return fail(rawProblem);

  const expansion = expandVariables(partText, variables);
  if (!expansion.ok) return fail(expansion.problem);

  const base = { label, partIndex, partText, target: kind.target };
  if (kind.syntax.kind === "sysctl") {
    const sysctl = planSysctlPart(expansion.text);
    return "code" in sysctl ? fail(sysctl) : { ...base, action: "sysctl", ...sysctl };
  }
  const planned = planIpWords(kind.syntax, kind.target === "host", splitArguments(expansion.text), expansion.usedVariables);
  return "code" in planned ? fail(planned) : { ...base, action: "ip", ...planned };
}

interface PlannedIp {
  argv: string[];
  undoArgv?: string[];
  hasReferences: boolean;
}

function planIpWords(syntax: IpSyntax, onHost: boolean, args: string[], usedVariables: boolean): PlannedIp | LabelProblem {
  const { family: stated, words } = separateFamily(args);
  // The verb before other options, unless the part starts with one: in "rm -rf /" the mistake is "rm".
  const optionFirst = words[0]?.startsWith("-") === true;
  const problem =
    checkArguments(args, usedVariables) ??
    (optionFirst ? findForbiddenOption(words) : undefined) ??
    checkVerb(syntax, words, stated, onHost) ??
    findForbiddenOption(words) ??
    (syntax.object === "link" ? checkLinkSet(words) : checkIpValues(words));
  if (problem !== undefined) return problem;
  let hasReferences = false;
  for (const word of words) {
    const references = findReferences(word);
    if (!Array.isArray(references)) return references;
    hasReferences ||= references.length > 0;
  }
  const family = stated ?? inferFamily(words);
  const withFamily = (rest: readonly string[], given = family): string[] =>
    given === undefined ? [syntax.object, ...rest] : [given, syntax.object, ...rest];
  const argv = withFamily(words);
  if (syntax.undoneOnStop?.includes(words[0] ?? "") !== true) return { argv, hasReferences };
  // The undo always states its family (IPv4 unless known otherwise; references are resolved
  // first): the ledger knows a change by its undo, so `add X` and `-4 add X` must be one change.
  const undoFamily = family ?? (hasReferences ? undefined : "-4");
  return { argv, undoArgv: withFamily(["del", ...words.slice(1)], undoFamily), hasReferences };
}

function checkPartLength(partText: string): LabelProblem | undefined {
  if (partText.length <= LABEL_LIMITS.maxPartLength) return undefined;
  return {
    code: "too-long",
    problem: `part is ${partText.length} characters`,
    expected: `at most ${LABEL_LIMITS.maxPartLength} characters per part`,
  };
}
