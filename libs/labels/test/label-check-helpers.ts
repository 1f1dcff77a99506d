// What the property checks share: planFromLabels with coverage counters, and small helpers.
import { LabelError } from "../src/errors/label-error.js";
import type { LabelKey } from "../src/label-kinds.js";
import { planFromLabels } from "../src/plan-from-labels.js";
import type { LabelVariables, PlannedCommand, PlanResult } from "../src/plan-types.js";
import { EXPECTED_ORDER, EXPECTED_SPECS, KNOWN_CODES, MAX_CALL_MS } from "./label-expectations.js";

// Counters, so a run can show that the checks on accepted plans did not pass vacuously.

export interface Coverage {
  calls: number;
  okPlans: number;
  commands: number;
  /** Commands resolvePlan resolved (references replaced). */
  resolved: number;
  errors: Partial<Record<string, number>>;
}

export const coverage: Coverage = { calls: 0, okPlans: 0, commands: 0, resolved: 0, errors: {} };

export function plan(labels: Readonly<Record<string, string>>, variables: LabelVariables): PlanResult {
  const result = planFromLabels(labels, variables);
  coverage.calls++;
  if (result.ok) {
    coverage.okPlans++;
    coverage.commands += result.plan.commands.length;
  } else {
    for (const error of result.errors) coverage.errors[error.code] = (coverage.errors[error.code] ?? 0) + 1;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Helpers for the checks.

export function fail(message: string): never {
  throw new Error(message);
}

export function trimBlanks(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, "");
}

export function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Messages go to logs: printable ASCII only (plus the "…" of a shortened quote). */
export function checkPrintable(what: string, message: string): void {
  for (const character of message) {
    const code = character.codePointAt(0) ?? 0;
    if (character === "\u2026" || (code >= 0x20 && code <= 0x7e)) continue;
    fail(`${what} contains ${JSON.stringify(character)}: ${JSON.stringify(message)}`);
  }
}

export function isLabelKey(key: string): key is LabelKey {
  return (EXPECTED_ORDER as readonly string[]).includes(key);
}

/** The written parts of a label, as partIndex counts them: reply-via lists networks split at "," too. */
export function writtenParts(key: string, value: string): string[] {
  return (isLabelKey(key) && EXPECTED_SPECS[key].syntax === "reply-via" ? value.split(/[,;]/) : value.split(";")).map(trimBlanks);
}

export function familyAndRest(argv: readonly string[]): { family: string | undefined; rest: readonly string[] } {
  const first = argv[0];
  return first === "-4" || first === "-6" ? { family: first, rest: argv.slice(1) } : { family: undefined, rest: argv };
}

export function commandsOf(result: PlanResult): readonly PlannedCommand[] {
  return result.ok ? result.plan.commands : [];
}

export function normalise(result: PlanResult): unknown {
  const errors = result.ok
    ? []
    : result.errors.map((error) => ({
        name: error.name,
        message: error.message,
        code: error.code,
        label: error.label,
        partIndex: error.partIndex,
        partText: error.partText,
        expected: error.expected,
        isLabelError: error instanceof LabelError,
      }));
  return { ok: result.ok, commands: commandsOf(result), errors };
}

/** Runs `call` and returns how long it took; re-measures twice before reporting a slow call (GC, JIT). */
export function fastestOf3(call: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && best >= MAX_CALL_MS; attempt++) {
    const start = performance.now();
    call();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** The checks every error shares, from planFromLabels or resolvePlan. */
export function checkError(error: unknown, labels: Readonly<Record<string, string>>): asserts error is LabelError {
  if (!(error instanceof LabelError)) fail(`error is not a LabelError: ${String(error)}`);
  if (!Object.hasOwn(KNOWN_CODES, error.code)) fail(`unknown code ${error.code}`);
  if (!Object.hasOwn(labels, error.label) || !isLabelKey(error.label)) fail(`error for label ${error.label} not in input`);
  if (!error.message.includes(error.label)) fail(`message does not name ${error.label}: ${error.message}`);
  checkPrintable("error message", error.message);
}

/** A /proc/sys path under net: `/`-joined parts, the first "net", none empty, "." or "..". */
export function checkSysctlPath(what: string, key: string): void {
  const parts = key.split("/");
  if (parts[0] !== "net" || parts.length < 2 || parts.some((part) => part === "" || part === "." || part === "..")) {
    fail(`${what}: key ${JSON.stringify(key)} is not a path under net/`);
  }
}
