import { IpCommandError } from "./errors/ip-command-error.js";
import { findAddedDuplicateRule, parseRuleList } from "./find-added-duplicate-rule.js";
import type { RuleEntry } from "./find-added-duplicate-rule.js";
import type { IpResult, IpRunOptions } from "./ip-run-report.js";
import { parseIpCommand, type IpCommand, type IpFamily } from "./parse-ip-command.js";
import { runInNamespace } from "./run-in-namespace.js";
import type { IpTarget, RunOptions } from "./run-in-namespace.js";
import { runIpOnce } from "./run-ip-once.js";

// Words by which ip rule accepts an explicit priority.
const PRIORITY_WORDS = new Set(["pref", "preference", "prio", "priority", "order"]);

/**
 * Without an explicit priority the kernel gives every `ip rule add` a fresh one and never reports
 * "File exists", so a repeated add silently stacks identical rules. With one, it does report it.
 */
export function needsRuleDeduplication(command: IpCommand): boolean {
  return command.object === "rule" && command.verb === "add" && !command.rest.some((word) => PRIORITY_WORDS.has(word));
}

/** The priority an `ip rule add` names, if it names one. */
export function addRulePriority(command: IpCommand): number | undefined {
  if (command.object !== "rule" || command.verb !== "add") return undefined;
  const at = command.rest.findIndex((word) => PRIORITY_WORDS.has(word));
  const value = at === -1 ? undefined : Number(command.rest[at + 1]);
  return value !== undefined && Number.isInteger(value) ? value : undefined;
}

/** `ip [-4|-6] rule delete pref <priority> [selectors]`: removes exactly the rule of that priority. */
export function deleteRuleCommand(family: IpFamily | undefined, priority: number, selectors: readonly string[] = []): IpCommand {
  return parseIpCommand([...(family === undefined ? [] : [family]), "rule", "delete", "pref", String(priority), ...selectors]);
}

/**
 * Adds the rule, then removes it again if it turned out identical to a rule that was already
 * there. Only the kernel's own rendering (`ip -d -j rule show`) decides what "identical" means;
 * rebuilding that from the arguments would miss defaults and synonyms. The short-lived copy
 * matches exactly what the original matches, so traffic never sees a difference.
 */
export async function addRuleConverging(target: IpTarget, command: IpCommand, options?: IpRunOptions): Promise<IpResult> {
  const before = await listRules(target, command.family, options);
  const added = await runIpOnce(target, command, options);
  if (added.outcome === "already") return added;
  const after = await listRules(target, command.family, options);
  const duplicatePriority = findAddedDuplicateRule(before, after);
  if (duplicatePriority === undefined) return added;
  await runIpOnce(target, deleteRuleCommand(command.family, duplicatePriority, command.rest), options);
  return { ...added, outcome: "already" };
}

/** The kernel's own rendering of the rules of one family (`ip [-4|-6] -d -j rule show`). */
export async function listRules(target: IpTarget, family: IpFamily | undefined, options?: RunOptions): Promise<RuleEntry[]> {
  const args = [...(family === undefined ? [] : [family]), "-d", "-j", "rule", "show"];
  const { argv, exitCode, stdout, stderr } = await runInNamespace(target, ["ip", ...args], options);
  if (exitCode !== 0) throw new IpCommandError({ args, argv, exitCode, stdout, stderr });
  return parseRuleList(stdout);
}
