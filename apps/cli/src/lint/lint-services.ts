import { planFromLabels, type LabelVariables } from "@dehandler/labels";
import type { ComposeService } from "../compose/read-compose-services.js";
import { interpolateCompose, partIndexAt } from "../compose/compose-interpolation.js";
import { dehandlerVariables } from "./dehandler-variables.js";
import type { Finding } from "./finding.js";

const PREFIX = "docker-events.";
/** What a dehandler variable stands for while linting: values belong to the worker's host. */
export const VARIABLE_PLACEHOLDER = "192.0.2.1";

/**
 * Which dehandler variables labels may use: the operator's DEHANDLER_LABEL_VARS when it is set
 * (the worker's rule exactly), otherwise any well-formed name, reported as info, since lint cannot
 * know the worker's list.
 */
export type VariablePolicy = { kind: "listed"; allowed: readonly string[] } | { kind: "any" };

/** Lints one compose service's `docker-events.*` labels as dehandler would receive them. */
export function lintService(file: string, service: ComposeService, policy: VariablePolicy): Finding[] {
  const findings: Finding[] = [];
  const at = (label: string | undefined, part: number | undefined, severity: Finding["severity"], code: string, message: string): void => {
    findings.push({ file, service: service.name, label, part, severity, code, message });
  };
  const received: Record<string, string> = {};
  const usedNames = new Set<string>();
  for (const [key, written] of Object.entries(service.labels)) {
    if (!key.startsWith(PREFIX)) continue;
    const composed = interpolateCompose(written);
    if (composed.invalid !== undefined) {
      at(
        key,
        partIndexAt(written, composed.invalid.offset),
        "error",
        "compose-syntax",
        `compose refuses ${JSON.stringify(composed.invalid.written)} (invalid interpolation format); expected $$ for a literal "$", $$NAME for a dehandler variable`,
      );
      continue;
    }
    for (const reference of composed.references) {
      const part = partIndexAt(written, reference.offset);
      if (reference.braced) {
        at(
          key,
          part,
          "info",
          "compose-variable",
          `${reference.written} is interpolated by compose, not by dehandler (from compose's shell or .env; unset: empty); linted as ${JSON.stringify(VARIABLE_PLACEHOLDER)} or its default`,
        );
      } else {
        at(
          key,
          part,
          "warning",
          "compose-variable",
          `$${reference.name} is interpolated by compose, not by dehandler (unset in compose's environment: empty); write $$${reference.name} to leave it to dehandler's DEHANDLER_LABEL_VARS, or \${${reference.name}} if compose should fill it in`,
        );
      }
    }
    received[key] = composed.text;
    for (const use of dehandlerVariables(composed.text)) {
      usedNames.add(use.name);
      if (policy.kind === "any") {
        at(
          key,
          partIndexAt(composed.text, use.offset),
          "info",
          "variable-unchecked",
          `$${use.name} is dehandler's variable; accepted because DEHANDLER_LABEL_VARS is not set here (the worker needs it listed and set)`,
        );
      }
    }
  }
  const allowed = policy.kind === "listed" ? policy.allowed : [...usedNames];
  const variables: LabelVariables = { allowed, values: Object.fromEntries(allowed.map((name) => [name, VARIABLE_PLACEHOLDER])) };
  // Unknown keys are warned about by the parser itself, so every docker-events.* key goes in.
  const keys = Object.keys(service.labels).filter((key) => key.startsWith(PREFIX));
  // A label compose would refuse goes in empty: only its key is checked.
  const labels = Object.fromEntries(keys.map((key) => [key, received[key] ?? ""]));
  const result = planFromLabels(labels, variables);
  for (const warning of result.ok ? result.plan.warnings : result.warnings) at(warning.label, undefined, "warning", "unknown-label", warning.message);
  if (!result.ok) {
    for (const error of result.errors) {
      // Skip labels compose would already refuse: their text is not what dehandler would get.
      if (!Object.hasOwn(received, error.label)) continue;
      at(error.label, error.partIndex, "error", error.code, error.message.slice(error.label.length).replace(/^:?\s*/, ""));
    }
  }
  return findings.sort(byLocation);
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function byLocation(a: Finding, b: Finding): number {
  return (a.label ?? "").localeCompare(b.label ?? "") || (a.part ?? -1) - (b.part ?? -1) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}
