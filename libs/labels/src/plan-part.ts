import { checkArguments } from "./check-arguments.js";
import { findForbiddenOption, separateFamily } from "./check-options.js";
import { findControlCharacter, findQuoting, findShellSyntax } from "./check-raw-text.js";
import { checkVerb } from "./check-verb.js";
import { LabelError } from "./errors/label-error.js";
import type { LabelProblem } from "./errors/label-error.js";
import { expandVariables } from "./expand-variables.js";
import { LABEL_SPECS } from "./label-keys.js";
import type { LabelKey } from "./label-keys.js";
import { LABEL_LIMITS } from "./limits.js";
import type { LabelVariables, PlannedCommand } from "./plan-types.js";
import { splitArguments } from "./split-text.js";

/** One `;`-separated part to one `ip` command, stopping at the first problem in a fixed order. */
export function planPart(
  label: LabelKey,
  partIndex: number,
  partText: string,
  variables: LabelVariables,
): PlannedCommand | LabelError {
  const fail = (problem: LabelProblem): LabelError => new LabelError({ ...problem, label, partIndex, partText });

  const rawProblem =
    checkPartLength(partText) ?? findControlCharacter(partText) ?? findShellSyntax(partText) ?? findQuoting(partText);
  if (rawProblem !== undefined) return fail(rawProblem);

  const expansion = expandVariables(partText, variables);
  if (!expansion.ok) return fail(expansion.problem);

  const args = splitArguments(expansion.text);
  const { family, words } = separateFamily(args);
  const problem =
    checkArguments(args, expansion.usedVariables) ?? findForbiddenOption(words) ?? checkVerb(label, words, family);
  if (problem !== undefined) return fail(problem);

  const { object, target } = LABEL_SPECS[label];
  const argv = family === undefined ? [object, ...words] : [family, object, ...words];
  return { label, partIndex, partText, target, argv };
}

function checkPartLength(partText: string): LabelProblem | undefined {
  if (partText.length <= LABEL_LIMITS.maxPartLength) return undefined;
  return {
    code: "too-long",
    problem: `part is ${partText.length} characters`,
    expected: `at most ${LABEL_LIMITS.maxPartLength} characters per part`,
  };
}
