import { addRulePriority, needsRuleDeduplication, listRules } from "./add-rule-converging.js";
import { encodeBatchLine } from "./batch/encode-batch-line.js";
import { findDuplicatedRules } from "./batch/find-duplicated-rules.js";
import { readBatchFailure } from "./batch/read-batch-failure.js";
import { classifyIpFailure } from "./classify-ip-failure.js";
import { CommandTimeoutError } from "./errors/command-timeout-error.js";
import { addedRules, parseRuleList, type RuleEntry } from "./find-added-duplicate-rule.js";
import type { IpRunReport } from "./ip-run-report.js";
import { parseIpCommand } from "./parse-ip-command.js";
import { commandArgv, runInNamespace, type IpTarget, type RunOptions } from "./run-in-namespace.js";
import { runIpOnce, type IpResult } from "./run-ip-once.js";
import { runIpSequence, startReport } from "./run-ip-sequence.js";

type Family = "-4" | "-6" | undefined;

/**
 * The batch executor: runs the commands in order through one `ip -batch -` process per namespace,
 * with the per-part executor's guarantees — stop at the first failure and name it with its own
 * stderr and exit code, "already in effect" counts as done, a rule added without a priority is
 * not left duplicated.
 *
 * More processes only where one cannot do: consecutive commands with the same family (`-4`,
 * `-6`, none) share a batch, since ip takes the family once per process; after a line that was
 * already in effect the batch resumes from the next line; a line that fails is re-run alone, so
 * its report is exactly the per-part one (and a passing fault does not fail the job); a batch that
 * ends without saying which line failed (ip exits at once on some parse errors), or times out,
 * is finished part by part, which is safe because every command converges.
 */
export async function runIpBatch(target: IpTarget, commands: readonly (readonly string[])[], options: RunOptions = {}): Promise<IpRunReport> {
  const { report, counted } = startReport(options);
  let next = 0;
  while (next < commands.length && report.failure === undefined) {
    const end = groupEnd(commands, next);
    if (end === next) {
      await finishPartByPart(target, commands, next, next + 1, counted, report);
      next += 1;
    } else {
      await runGroup(target, commands, next, end, counted, report);
      next = end;
    }
  }
  return report;
}

/** Commands from `start` that can share one batch: readable as batch lines, one family. */
function groupEnd(commands: readonly (readonly string[])[], start: number): number {
  const family = familyOf(commands[start] ?? []);
  let end = start;
  while (end < commands.length) {
    const args = commands[end] ?? [];
    if (familyOf(args) !== family || encodeBatchLine(withoutFamily(args)) === undefined) break;
    end += 1;
  }
  return end;
}

async function runGroup(
  target: IpTarget,
  commands: readonly (readonly string[])[],
  start: number,
  end: number,
  options: RunOptions,
  report: IpRunReport,
): Promise<void> {
  const group = commands.slice(start, end);
  const family = familyOf(group[0] ?? []);
  const familyArgs = family === undefined ? [] : [family];
  // Rules added without a priority are compared with the rule list from before the batch; both
  // listings ride in the batch itself (`-d -j` only changes what `show` prints).
  const dedupRules = group.some((args) => needsRuleDeduplication(parseIpCommand(args)));
  let before: RuleEntry[] | undefined;
  let after: RuleEntry[] | undefined;
  const batchApplied: { index: number; result: IpResult }[] = [];
  let position = start;
  while (position < end) {
    const listBefore = dedupRules && before === undefined;
    const lines = [
      ...(listBefore ? ["rule show"] : []),
      ...commands.slice(position, end).map((args) => encodeBatchLine(withoutFamily(args)) ?? ""),
      ...(dedupRules ? ["rule show"] : []),
    ];
    const argv: [string, ...string[]] = ["ip", ...familyArgs, ...(dedupRules ? ["-d", "-j"] : []), "-batch", "-"];
    let run;
    try {
      run = await runInNamespace(target, argv, { ...options, input: `${lines.join("\n")}\n` });
    } catch (error) {
      if (!(error instanceof CommandTimeoutError)) throw error;
      // Which lines ran is unknown: finishing part by part converges whatever they did.
      await finishPartByPart(target, commands, position, end, options, report);
      break;
    }
    const listings = run.stdout.split("\n").filter((line) => line.trim() !== "");
    if (listBefore && listings[0] !== undefined) before = parseRuleList(listings[0]);
    const applied = (index: number, outcome: IpResult["outcome"], stderr = ""): void => {
      const result: IpResult = {
        argv: commandArgv(target, ["ip", ...(commands[index] ?? [])]),
        outcome,
        stdout: "",
        stderr,
        durationMs: run.durationMs,
      };
      report.results.push(result);
      if (outcome === "applied") batchApplied.push({ index, result });
    };
    if (run.exitCode === 0) {
      for (let index = position; index < end; index += 1) applied(index, "applied");
      if (dedupRules && listings.length > 0) after = parseRuleList(listings.at(-1) ?? "[]");
      break;
    }
    const failed = readBatchFailure(run.stderr);
    const index = failed === undefined ? undefined : position + failed.line - 1 - (listBefore ? 1 : 0);
    if (failed === undefined || index === undefined || index < position || index >= end) {
      await finishPartByPart(target, commands, position, end, options, report);
      break;
    }
    for (let done = position; done < index; done += 1) applied(done, "applied");
    if (classifyIpFailure(commands[index] ?? [], failed.stderr) === "already") {
      applied(index, "already", failed.stderr);
      position = index + 1;
      continue;
    }
    // Re-run alone: its failure is then reported exactly as the per-part executor would.
    await finishPartByPart(target, commands, index, end, options, report);
    break;
  }
  if (before !== undefined) await removeDuplicatedRules(target, familyArgs, commands, start, end, before, after, batchApplied, options);
}

/** Runs commands[from..to) one by one and adds their results, or their failure, to the report. */
async function finishPartByPart(
  target: IpTarget,
  commands: readonly (readonly string[])[],
  from: number,
  to: number,
  options: RunOptions,
  report: IpRunReport,
): Promise<void> {
  // options.onSpawn already counts into this report.
  const rest = await runIpSequence(target, commands.slice(from, to), options);
  report.results.push(...rest.results);
  if (rest.failure !== undefined) report.failure = { index: from + rest.failure.index, error: rest.failure.error };
}

async function removeDuplicatedRules(
  target: IpTarget,
  familyArgs: readonly string[],
  commands: readonly (readonly string[])[],
  start: number,
  end: number,
  before: readonly RuleEntry[],
  listedAfter: readonly RuleEntry[] | undefined,
  batchApplied: readonly { index: number; result: IpResult }[],
  options: RunOptions,
): Promise<void> {
  const after = listedAfter ?? (await listRules(target, familyArgs, options)).rules;
  const named = new Set(commands.slice(start, end).flatMap((args) => addRulePriority(parseIpCommand(args)) ?? []));
  const duplicated = findDuplicatedRules(before, after, named);
  for (const priority of duplicated) {
    await runIpOnce(target, [...familyArgs, "rule", "delete", "pref", String(priority)], options);
  }
  const unprioritised = batchApplied.filter(({ index }) => needsRuleDeduplication(parseIpCommand(commands[index] ?? [])));
  markDuplicatesAlready(unprioritised, before, after, new Set(duplicated));
}

/**
 * The rules this batch added without a priority got decreasing priorities in command order; when
 * their number matches, the commands whose rule was a duplicate are reported as already in effect.
 */
function markDuplicatesAlready(
  unprioritised: readonly { result: IpResult }[],
  before: readonly RuleEntry[],
  after: readonly RuleEntry[],
  duplicated: ReadonlySet<number>,
): void {
  if (duplicated.size === 0) return;
  const added = addedRules(before, after)
    .map((rule) => rule.priority)
    .sort((a, b) => b - a);
  if (added.length !== unprioritised.length) return;
  for (const [position, { result }] of unprioritised.entries()) {
    if (duplicated.has(added[position] ?? -1)) result.outcome = "already";
  }
}

function familyOf(args: readonly string[]): Family {
  const first = args[0];
  return first === "-4" || first === "-6" ? first : undefined;
}

function withoutFamily(args: readonly string[]): readonly string[] {
  return familyOf(args) === undefined ? args : args.slice(1);
}
