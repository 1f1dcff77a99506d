/** One entry of `ip -j rule show`: the priority plus whatever attributes ip prints for the rule. */
export interface RuleEntry {
  priority: number;
  [attribute: string]: unknown;
}

export function parseRuleList(json: string): RuleEntry[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every(isRuleEntry)) {
    throw new Error(`expected a JSON array of rules with numeric priorities from ip -j rule show, got ${json.slice(0, 200)}`);
  }
  return parsed;
}

/**
 * Given the rule lists from just before and just after one `ip rule add` without a priority,
 * returns the priority the kernel gave the new rule if it only duplicates a rule that was already
 * there. Undefined when nothing, or more than one thing, changed: then nobody can tell which rule
 * is ours, and a duplicate is safer than removing someone else's rule.
 */
export function findAddedDuplicateRule(before: readonly RuleEntry[], after: readonly RuleEntry[]): number | undefined {
  const added = addedRules(before, after);
  const [rule] = added;
  if (rule === undefined || added.length !== 1) return undefined;
  const attributes = ruleAttributes(rule);
  return before.some((old) => ruleAttributes(old) === attributes) ? rule.priority : undefined;
}

/** The rules in `after` that `before` did not have, counting identical rules one by one. */
export function addedRules(before: readonly RuleEntry[], after: readonly RuleEntry[]): RuleEntry[] {
  const unmatched = new Map<string, number>();
  for (const rule of before) {
    const key = JSON.stringify(rule);
    unmatched.set(key, (unmatched.get(key) ?? 0) + 1);
  }
  return after.filter((rule) => {
    const key = JSON.stringify(rule);
    const count = unmatched.get(key) ?? 0;
    if (count === 0) return true;
    unmatched.set(key, count - 1);
    return false;
  });
}

/**
 * A rule's identity without its priority. ip prints attributes in a fixed order, so the same rule
 * always serialises to the same text; JSON.stringify drops the undefined priority.
 */
export function ruleAttributes(rule: RuleEntry): string {
  return JSON.stringify({ ...rule, priority: undefined });
}

function isRuleEntry(value: unknown): value is RuleEntry {
  return typeof value === "object" && value !== null && typeof (value as { priority?: unknown }).priority === "number";
}
