import { addedRules, ruleAttributes, type RuleEntry } from "../find-added-duplicate-rule.js";

/**
 * Given the rule lists from before and after a batch, returns the priorities of rules the batch
 * added without a priority that only repeat a rule present at the end (one that was there before,
 * or one the batch added earlier), highest first: these are to be deleted again.
 *
 * The kernel gives a rule added without a priority one below every other non-zero priority, so
 * such a rule's priority is unique when added, and successive ones decrease. A rule whose priority
 * the batch named, or that shares its priority with another rule, is never returned: nobody can
 * tell whose it is, and a duplicate is safer than deleting someone else's rule.
 */
export function findDuplicatedRules(before: readonly RuleEntry[], after: readonly RuleEntry[], namedPriorities: ReadonlySet<number>): number[] {
  const fresh = addedRules(before, after).filter(
    (rule) => !namedPriorities.has(rule.priority) && after.filter((other) => other.priority === rule.priority).length === 1,
  );
  const present = new Set(after.filter((rule) => !fresh.includes(rule)).map(ruleAttributes));
  const duplicated: number[] = [];
  for (const rule of fresh.sort((a, b) => b.priority - a.priority)) {
    const attributes = ruleAttributes(rule);
    if (present.has(attributes)) duplicated.push(rule.priority);
    else present.add(attributes);
  }
  return duplicated;
}
