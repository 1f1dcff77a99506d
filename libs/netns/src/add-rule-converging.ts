import { IpCommandError } from "./errors/ip-command-error.js";
import { findAddedDuplicateRule, parseRuleList } from "./find-added-duplicate-rule.js";
import type { RuleEntry } from "./find-added-duplicate-rule.js";
import type { IpCommandWords } from "./parse-ip-command.js";
import { runInNamespace } from "./run-in-namespace.js";
import type { IpTarget, RunOptions } from "./run-in-namespace.js";
import { runIpOnce } from "./run-ip-once.js";
import type { IpResult } from "./run-ip-once.js";

// Words by which ip rule accepts an explicit priority.
const PRIORITY_WORDS = new Set(["pref", "preference", "prio", "priority", "order"]);

/**
 * Without an explicit priority the kernel gives every `ip rule add` a fresh one and never reports
 * "File exists", so a repeated add silently stacks identical rules. With one, it does report it.
 */
export function needsRuleDeduplication(words: IpCommandWords): boolean {
  return words.object === "rule" && words.verb === "add" && !words.rest.some((word) => PRIORITY_WORDS.has(word));
}

/** The priority an `ip rule add` names, if it names one. */
export function addRulePriority(words: IpCommandWords): number | undefined {
  if (words.object !== "rule" || words.verb !== "add") return undefined;
  const at = words.rest.findIndex((word) => PRIORITY_WORDS.has(word));
  const value = at === -1 ? undefined : Number(words.rest[at + 1]);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

/**
 * Adds the rule, then removes it again if it turned out identical to a rule that was already
 * there. Only the kernel's own rendering (`ip -d -j rule show`) decides what "identical" means;
 * rebuilding that from the arguments would miss defaults and synonyms. The short-lived copy
 * matches exactly what the original matches, so traffic never sees a difference.
 */
export async function addRuleConverging(target: IpTarget, args: readonly string[], words: IpCommandWords, options?: RunOptions): Promise<IpResult> {
  const family = words.family === undefined ? [] : [words.family];
  const before = await listRules(target, family, options);
  const added = await runIpOnce(target, args, options);
  if (added.outcome === "already") return added;
  const after = await listRules(target, family, options);
  const duplicatePriority = findAddedDuplicateRule(before.rules, after.rules);
  if (duplicatePriority === undefined) return added;
  const removed = await runIpOnce(target, [...family, "rule", "delete", "pref", String(duplicatePriority), ...words.rest], options);
  const durationMs = before.durationMs + added.durationMs + after.durationMs + removed.durationMs;
  return { ...added, outcome: "already", durationMs };
}

/** The kernel's own rendering of the rules of one family (`ip [-4|-6] -d -j rule show`). */
export async function listRules(
  target: IpTarget,
  family: readonly string[],
  options?: RunOptions,
): Promise<{ rules: RuleEntry[]; durationMs: number }> {
  const args = [...family, "-d", "-j", "rule", "show"];
  const { argv, exitCode, stdout, stderr, durationMs } = await runInNamespace(target, ["ip", ...args], options);
  if (exitCode !== 0) throw new IpCommandError({ args, argv, exitCode, stdout, stderr });
  return { rules: parseRuleList(stdout), durationMs };
}
