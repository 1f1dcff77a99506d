// Long fuzz run of the label parser: the properties of libs/labels/test/plan-from-labels.fuzz.test.ts
// (defined once in libs/labels/test/label-properties.ts), run round-robin in chunks with fresh
// random seeds until the budget is spent. Prints cases tried per property and in total; on the
// first counterexample prints fast-check's report (seed, replay path, shrunk input) and exits 1.
//
//   npx tsx scripts/fuzz-labels.ts                  60 s (FUZZ_SECONDS=120 for two minutes)
//   FUZZ_RUNS=100000 npx tsx scripts/fuzz-labels.ts  that many cases per property, no time limit
//   FUZZ_ONLY=leak npx tsx scripts/fuzz-labels.ts     only properties whose name contains "leak"
//   FUZZ_ONLY=leak FUZZ_SEED=-123 FUZZ_PATH=45:2 …    replay a reported counterexample
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { coverage, labelProperties } from "../libs/labels/test/label-properties.js";

const CHUNK_RUNS = 500;
const MAX_PRINTED_REPORT = 20_000;

function positiveNumber(name: string, fallback: number | undefined): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(text)}`);
  }
  return value;
}

const runsPerProperty = positiveNumber("FUZZ_RUNS", undefined);
const seconds = positiveNumber("FUZZ_SECONDS", runsPerProperty === undefined ? 60 : undefined);
const deadline = seconds === undefined ? Number.POSITIVE_INFINITY : performance.now() + seconds * 1000;

const only = process.env.FUZZ_ONLY ?? "";
const replaySeed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const replayPath = process.env.FUZZ_PATH;
const properties = labelProperties()
  .filter((property) => property.name.includes(only))
  .map((property) => ({ property, runs: 0, skips: 0, done: false }));
if (properties.length === 0) throw new Error(`no property name contains ${JSON.stringify(only)}`);
const started = performance.now();
let lastProgress = started;
let failed = false;

const budget = [seconds === undefined ? undefined : `${seconds} s`, runsPerProperty === undefined ? undefined : `${runsPerProperty} cases each`];
console.log(`fuzzing ${properties.length} label properties for ${budget.filter((part) => part !== undefined).join(" or ")}`);

while (!failed && performance.now() < deadline && properties.some((entry) => !entry.done)) {
  for (const entry of properties) {
    if (entry.done || performance.now() >= deadline) continue;
    const remaining = runsPerProperty === undefined ? CHUNK_RUNS : Math.min(CHUNK_RUNS, runsPerProperty - entry.runs);
    const outcome = entry.property.check(replaySeed === undefined ? { numRuns: remaining } : { numRuns: 1, seed: replaySeed, path: replayPath });
    if (replaySeed !== undefined) entry.done = true;
    entry.runs += outcome.numRuns;
    entry.skips += outcome.numSkips;
    if (outcome.failure !== undefined) {
      report(entry.property.name, outcome.failure);
      failed = true;
      break;
    }
    if (runsPerProperty !== undefined && entry.runs >= runsPerProperty) entry.done = true;
  }
  if (performance.now() - lastProgress > 10_000) {
    lastProgress = performance.now();
    const total = properties.reduce((sum, entry) => sum + entry.runs, 0);
    console.log(`  ${((lastProgress - started) / 1000).toFixed(0)} s: ${total} cases`);
  }
}

function report(name: string, failure: string): void {
  console.log(`\nCOUNTEREXAMPLE for property "${name}":`);
  if (failure.length <= MAX_PRINTED_REPORT) {
    console.log(failure);
    return;
  }
  const file = join(tmpdir(), `fuzz-labels-counterexample-${Date.now()}.txt`);
  writeFileSync(file, failure);
  console.log(`${failure.slice(0, MAX_PRINTED_REPORT)}\n… (${failure.length} characters; full report in ${file})`);
}

const elapsed = (performance.now() - started) / 1000;
console.log(`\n${failed ? "FAILED" : "passed"} after ${elapsed.toFixed(1)} s`);
for (const { property, runs, skips } of properties) {
  console.log(`  ${String(runs).padStart(9)} cases${skips > 0 ? ` (+${skips} skipped)` : ""}  ${property.name}`);
}
console.log(`  ${String(properties.reduce((sum, entry) => sum + entry.runs, 0)).padStart(9)} cases in total`);
console.log(
  `  planFromLabels calls: ${coverage.calls}, accepted plans: ${coverage.okPlans}, ` +
    `commands checked: ${coverage.commands}, errors by code: ${JSON.stringify(coverage.errors)}`,
);
if (failed) process.exitCode = 1;
