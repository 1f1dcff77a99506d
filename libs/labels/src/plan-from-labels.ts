import type { LabelError } from "./errors/label-error.js";
import { LABEL_KEYS } from "./label-keys.js";
import { planLabel } from "./plan-label.js";
import type { LabelVariables, PlannedCommand, PlanResult } from "./plan-types.js";
import { unknownLabelWarnings } from "./unknown-label-warning.js";

/**
 * All of a container's labels to one plan. Errors across every label and part are collected, so
 * one run shows the user everything to fix; any error fails the whole plan, since applying half of
 * a network configuration is worse than applying none.
 */
export function planFromLabels(labels: Readonly<Record<string, string>>, variables: LabelVariables): PlanResult {
  const warnings = unknownLabelWarnings(Object.keys(labels));
  const commands: PlannedCommand[] = [];
  const errors: LabelError[] = [];
  for (const key of LABEL_KEYS) {
    const value = Object.hasOwn(labels, key) ? labels[key] : undefined;
    if (value === undefined) continue;
    const outcome = planLabel(key, value, variables);
    commands.push(...outcome.commands);
    errors.push(...outcome.errors);
  }
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, plan: { commands, warnings } };
}
