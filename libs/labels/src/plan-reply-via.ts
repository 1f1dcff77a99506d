import { LabelError } from "./errors/label-error.js";
import { LABEL_KINDS, type LabelKey } from "./label-kinds.js";
import type { PlannedCommand } from "./plan-types.js";
import { quoteForMessage } from "./quote-for-message.js";
import { trimBlanks } from "./split-text.js";

const NETWORK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** Tables for the preset start here, above the numbers people pick by hand. */
export const FIRST_REPLY_TABLE = 1000;
const MAX_NETWORKS = 16;

export interface ReplyViaOutcome {
  commands: PlannedCommand[];
  errors: LabelError[];
}

/**
 * `docker-events.reply-via: wan[,lan…]`: for each network, a table with its connected route and a
 * default route via its gateway, and a rule sending what leaves from the container's address on
 * it to that table (CNI's sbr plugin), for IPv4 and IPv6 where the network has them. Tables are
 * numbered from 1000 in the order written, skipping numbers the container's own route and rule
 * labels use: the same labels give the same tables at every start.
 */
export function planReplyVia(label: LabelKey, value: string, labels: Readonly<Record<string, string>>): ReplyViaOutcome {
  const outcome: ReplyViaOutcome = { commands: [], errors: [] };
  const entries = value
    .split(/[,;]/)
    .map((raw, index) => ({ written: trimBlanks(raw), index }))
    .filter(({ written }) => written !== "");
  if (entries.length > MAX_NETWORKS) {
    const problem = `${entries.length} networks listed`;
    outcome.errors.push(new LabelError({ code: "too-many-parts", label, problem, expected: `at most ${MAX_NETWORKS} networks` }));
    return outcome;
  }
  const names: { name: string; written: string; index: number }[] = [];
  entries.forEach(({ written, index }) => {
    const name = written.startsWith("@") ? written.slice(1) : written;
    const problem = !NETWORK_NAME.test(name)
      ? `${quoteForMessage(written)} is not a network name`
      : names.some((entry) => entry.name === name)
        ? `network ${quoteForMessage(name)} is listed twice`
        : undefined;
    if (problem !== undefined) {
      const expected = "network names separated by commas, such as wan,lan";
      outcome.errors.push(new LabelError({ code: "bad-network-list", label, partIndex: index, partText: written, problem, expected }));
      return;
    }
    names.push({ name, written, index });
  });
  if (outcome.errors.length > 0) return outcome;
  const used = tablesInUse(labels);
  let table = FIRST_REPLY_TABLE;
  for (const { name, index } of names) {
    while (used.has(table)) table += 1;
    const ref = `@${name}`;
    const lines = [
      ["-4", "route", "replace", `${ref}.subnet`, "dev", ref, "table", String(table)],
      ["-4", "route", "replace", "default", "via", `${ref}.gateway`, "dev", ref, "table", String(table)],
      ["-4", "rule", "add", "from", `${ref}.ip`, "table", String(table)],
      ["-6", "route", "replace", `${ref}.subnet`, "dev", ref, "table", String(table)],
      ["-6", "route", "replace", "default", "via", `${ref}.gateway`, "dev", ref, "table", String(table)],
      ["-6", "rule", "add", "from", `${ref}.ip`, "table", String(table)],
    ];
    for (const argv of lines) {
      outcome.commands.push({
        label,
        partIndex: index,
        partText: name,
        target: "container",
        action: "ip",
        argv,
        hasReferences: true,
        optional: true,
      });
    }
    table += 1;
  }
  return outcome;
}

const TABLE_WORDS = new Set(["table", "lookup"]);
// The container's own route and rule labels, whatever they are called in the table of kinds.
const TABLE_LABELS = LABEL_KINDS.filter(
  (kind) => kind.target === "container" && kind.syntax.kind === "ip" && (kind.syntax.object === "route" || kind.syntax.object === "rule"),
).map((kind) => kind.key);

function tablesInUse(labels: Readonly<Record<string, string>>): Set<number> {
  const used = new Set<number>();
  for (const key of TABLE_LABELS) {
    const words = (Object.hasOwn(labels, key) ? (labels[key] ?? "") : "").split(/[\s;]+/);
    words.forEach((word, index) => {
      const next = words[index + 1];
      if (TABLE_WORDS.has(word) && next !== undefined && /^\d+$/.test(next)) used.add(Number(next));
    });
  }
  return used;
}
