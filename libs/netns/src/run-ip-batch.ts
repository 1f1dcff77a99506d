import { addRulePriority, deleteRuleCommand, needsRuleDeduplication, listRules } from "./add-rule-converging.js";
import { encodeBatchLine } from "./batch/encode-batch-line.js";
import { findDuplicatedRules } from "./batch/find-duplicated-rules.js";
import { readBatchFailure } from "./batch/read-batch-failure.js";
import { classifyIpFailure } from "./classify-ip-failure.js";
import { CommandTimeoutError } from "./errors/command-timeout-error.js";
import { addedRules, parseRuleList, type RuleEntry } from "./find-added-duplicate-rule.js";
import type { IpResult, IpRunOptions, IpRunReport } from "./ip-run-report.js";
import { parseIpCommand, type IpCommand } from "./parse-ip-command.js";
import { commandArgv, runInNamespace, type IpTarget } from "./run-in-namespace.js";
import { runIpOnce } from "./run-ip-once.js";
import { runParsedSequence, startReport } from "./run-ip-sequence.js";

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
export async function runIpBatch(target: IpTarget, argsList: readonly (readonly string[])[], options: IpRunOptions = {}): Promise<IpRunReport> {
  const commands = argsList.map(parseIpCommand);
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
function groupEnd(commands: readonly IpCommand[], start: number): number {
  const family = commands[start]?.family;
  let end = start;
  while (end < commands.length) {
    const command = commands[end];
    if (command === undefined || command.family !== family || encodeBatchLine(command.body) === undefined) break;
    end += 1;
  }
  return end;
}

async function runGroup(
  target: IpTarget,
  commands: readonly IpCommand[],
  start: number,
  end: number,
  options: IpRunOptions,
  report: IpRunReport,
): Promise<void> {
  const group = commands.slice(start, end);
  const family = group[0]?.family;
  const familyArgs = family === undefined ? [] : [family];
  // Rules added without a priority are compared with the rule list from before the batch; both
  // listings ride in the batch itself (`-d -j` only changes what `show` prints).
  const dedupRules = group.some(needsRuleDeduplication);
  let before: RuleEntry[] | undefined;
  let after: RuleEntry[] | undefined;
  const batchApplied: { command: IpCommand; result: IpResult }[] = [];
  let position = start;
  while (position < end) {
    const listBefore = dedupRules && before === undefined;
    const lines = [
      ...(listBefore ? ["rule show"] : []),
      ...commands.slice(position, end).map((command) => encodeBatchLine(command.body) ?? ""),
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
    const applied = (index: number, outcome: IpResult["outcome"]): void => {
      const command = commands[index];
      if (command === undefined) return;
      const result: IpResult = { argv: commandArgv(target, ["ip", ...command.args]), outcome };
      report.results.push(result);
      if (outcome === "applied") batchApplied.push({ command, result });
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
    const command = commands[index];
    if (command !== undefined && classifyIpFailure(command, failed.stderr, options.purpose) === "already") {
      applied(index, "already");
      position = index + 1;
      continue;
    }
    // Re-run alone: its failure is then reported exactly as the per-part executor would.
    await finishPartByPart(target, commands, index, end, options, report);
    break;
  }
  if (before !== undefined) await removeDuplicatedRules(target, group, before, after, batchApplied, options);
}

/** Runs commands[from..to) one by one and adds their results, or their failure, to the report. */
async function finishPartByPart(
  target: IpTarget,
  commands: readonly IpCommand[],
  from: number,
  to: number,
  options: IpRunOptions,
  report: IpRunReport,
): Promise<void> {
  // options.onSpawn already counts into this report.
  const rest = await runParsedSequence(target, commands.slice(from, to), options);
  report.results.push(...rest.results);
  if (rest.failure !== undefined) report.failure = { index: from + rest.failure.index, error: rest.failure.error };
}

/** `group` is one batch's commands (one family); `batchApplied` indexes the whole list. */
async function removeDuplicatedRules(
  target: IpTarget,
  group: readonly IpCommand[],
  before: readonly RuleEntry[],
  listedAfter: readonly RuleEntry[] | undefined,
  batchApplied: readonly { command: IpCommand; result: IpResult }[],
  options: IpRunOptions,
): Promise<void> {
  const family = group[0]?.family;
  const after = listedAfter ?? (await listRules(target, family, options));
  const named = new Set(group.flatMap((command) => addRulePriority(command) ?? []));
  const duplicated = findDuplicatedRules(before, after, named);
  for (const priority of duplicated) {
    await runIpOnce(target, deleteRuleCommand(family, priority), options);
  }
  const unprioritised = batchApplied.filter(({ command }) => needsRuleDeduplication(command));
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
