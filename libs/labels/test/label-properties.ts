// Property-based checks of planFromLabels and resolvePlan, the boundary between label text written
// by whoever starts a container and the commands a root worker runs. One list of properties, shared
// by the unit fuzz test (few runs, every `npm test`) and scripts/fuzz-labels.ts (long runs).
//
//   label-expectations.ts      what is expected, restated on purpose instead of imported from src
//   label-text-generators.ts   hostile and near-valid label text, values at the limits, label keys
//   label-syntax-generators.ts mostly acceptable labels, one generator per label syntax
//   label-input-generators.ts  whole inputs: labels, variables with secrets, long values, networks
//   label-checks.ts            properties 1-7 on random labels
//   label-acceptance.ts        property 8, ip labels accepted exactly
//   label-kind-oracles.ts      properties 9-10, sysctl and reply-via planned exactly
//   label-resolve-checks.ts    property 11, resolvePlan
import fc from "fast-check";
import { acceptanceInput, checkAcceptance } from "./label-acceptance.js";
import {
  checkBoundedTime,
  checkDeterminism,
  checkKindsAndTargets,
  checkOrder,
  checkPlainArguments,
  checkSecretsStayHidden,
  checkShape,
} from "./label-checks.js";
import { checkReplyVia, checkSysctl, replyViaInput, sysctlInput } from "./label-kind-oracles.js";
import { labelInput, longLabelInput } from "./label-input-generators.js";
import type { LabelInput } from "./label-input-generators.js";
import { checkResolve, resolveInput } from "./label-resolve-checks.js";

export { coverage } from "./label-check-helpers.js";
export type { Coverage } from "./label-check-helpers.js";
export { MAX_CALL_MS } from "./label-expectations.js";

export interface RunOptions {
  numRuns: number;
  /** With `path`, replays a counterexample that fast-check reported. */
  seed?: number;
  path?: string;
}

export interface LabelProperty {
  name: string;
  /** Runs per `npm test`; the long-run script ignores it. */
  unitRuns: number;
  /** fc.assert: throws fast-check's report (seed, path, shrunk counterexample) on failure. */
  assert(options: RunOptions): void;
  /** fc.check: counts of runs, and fast-check's report instead of a throw on failure. */
  check(options: RunOptions): CheckOutcome;
}

export interface CheckOutcome {
  numRuns: number;
  numSkips: number;
  /** Seed, replay path, shrunk counterexample and error: set only on failure. */
  failure: string | undefined;
}

function labelProperty<Ts extends [unknown]>(name: string, unitRuns: number, property: fc.IProperty<Ts>): LabelProperty {
  return {
    name,
    unitRuns,
    assert: (options) => fc.assert(property, options),
    check: (options) => {
      const details = fc.check(property, options);
      const failure = details.failed ? fc.defaultReportMessage(details) : undefined;
      return { numRuns: details.numRuns, numSkips: details.numSkips, failure };
    },
  };
}

export function labelProperties(): LabelProperty[] {
  const onLabels = (check: (input: LabelInput) => void) => fc.property(labelInput, check);
  return [
    labelProperty("1. never throws; well-formed result, errors and warnings", 600, onLabels(checkShape)),
    labelProperty("2. bounded time per call", 150, fc.property(longLabelInput, checkBoundedTime)),
    labelProperty("3. each kind's action, object, allowlisted verb, target and undo", 600, onLabels(checkKindsAndTargets)),
    labelProperty("4. argv elements are plain ip words or a net sysctl; limits hold", 600, onLabels(checkPlainArguments)),
    labelProperty("5. values of variables that are not allowed never leak", 600, onLabels(checkSecretsStayHidden)),
    labelProperty("6. sysctl → link → address → route → rule → reply-via → host-route → host-rule, parts in order", 600, onLabels(checkOrder)),
    labelProperty("7. deterministic and independent of key order", 400, onLabels(checkDeterminism)),
    labelProperty("8. well-formed ip labels are accepted exactly", 400, fc.property(acceptanceInput, checkAcceptance)),
    labelProperty("9. sysctl keys under net. are accepted exactly, others refused", 300, fc.property(sysctlInput, checkSysctl)),
    labelProperty("10. reply-via plans six commands per network, tables from 1000 left free", 300, fc.property(replyViaInput, checkReplyVia)),
    labelProperty("11. resolvePlan resolves every reference or reports it", 400, fc.property(resolveInput, checkResolve)),
  ];
}
