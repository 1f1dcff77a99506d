import type { LabelError } from "./errors/label-error.js";
import { LABEL_KINDS } from "./label-kinds.js";
import { planLabel } from "./plan-label.js";
import type { LabelVariables, PlannedCommand, PlanResult } from "./plan-types.js";
import { unknownLabelWarnings } from "./unknown-label-warning.js";

/**
 * All of a container's labels to one plan. Errors across every label and part are collected, so
 * one run shows the user everything to fix; any error fails the whole plan, since applying half of
 * a network configuration is worse than applying none. `@<network>` references stay in the plan
 * until resolvePlan, which needs the container's networks.
 */
export function planFromLabels(labels: Readonly<Record<string, string>>, variables: LabelVariables): PlanResult {
  const warnings = unknownLabelWarnings(Object.keys(labels));
  const commands: PlannedCommand[] = [];
  const errors: LabelError[] = [];
  for (const kind of LABEL_KINDS) {
    const value = Object.hasOwn(labels, kind.key) ? labels[kind.key] : undefined;
    if (value === undefined) continue;
    const outcome = planLabel(kind, value, variables, labels);
    commands.push(...outcome.commands);
    errors.push(...outcome.errors);
  }
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, plan: { commands, warnings } };
}
