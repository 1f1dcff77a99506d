import { LabelError } from "./errors/label-error.js";
import type { LabelKey, LabelKind } from "./label-kinds.js";
import { LABEL_LIMITS } from "./limits.js";
import { planPart } from "./plan-part.js";
import { planReplyVia } from "./plan-reply-via.js";
import type { LabelVariables, PlannedCommand } from "./plan-types.js";
import { splitParts } from "./split-text.js";

export interface LabelOutcome {
  commands: PlannedCommand[];
  errors: LabelError[];
}

/** Every part of one label; errors from all parts are collected so the user sees them at once. */
export function planLabel(kind: LabelKind, value: string, variables: LabelVariables, labels: Readonly<Record<string, string>>): LabelOutcome {
  const label = kind.key as LabelKey;
  // Length first: nothing else reads an oversized value.
  if (value.length > LABEL_LIMITS.maxLabelLength) {
    const problem = `label is ${value.length} characters`;
    return labelLevelError(label, "too-long", problem, `at most ${LABEL_LIMITS.maxLabelLength}`);
  }
  const { syntax } = kind;
  if (syntax.kind === "reply-via") return planReplyVia(label, value, labels);
  const parts = splitParts(value);
  if (parts.length > LABEL_LIMITS.maxParts) {
    const problem = `label has ${parts.length} non-empty parts`;
    return labelLevelError(label, "too-many-parts", problem, `at most ${LABEL_LIMITS.maxParts}`);
  }
  const outcome: LabelOutcome = { commands: [], errors: [] };
  for (const part of parts) {
    const planned = planPart({ ...kind, syntax }, part.index, part.text, variables);
    if (planned instanceof LabelError) outcome.errors.push(planned);
    else outcome.commands.push(planned);
  }
  return outcome;
}

function labelLevelError(label: LabelKey, code: "too-long" | "too-many-parts", problem: string, expected: string): LabelOutcome {
  return { commands: [], errors: [new LabelError({ code, label, problem, expected })] };
}
