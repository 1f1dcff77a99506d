import type { DeadLetterEntry } from "@dehandler/contract";

/** Longest reason shown by `dlq list` without --wide; a shortened one says so under the table. */
export const REASON_WIDTH = 100;

const HEADER = ["JOB", "FAILED AT", "CONTAINER", "LABEL/PART", "REASON"] as const;

/**
 * `dlq list` as a person reads it: a header, one aligned row per entry (oldest failure first, full
 * job ids), and a last line when a reason was shortened, naming --wide. Nothing is cut silently.
 */
export function deadLetterTable(entries: readonly DeadLetterEntry[], { wide = false }: { wide?: boolean } = {}): string {
  let shortened = 0;
  const rows = entries.map((entry) => {
    const reason = entry.reason.replace(/\s+/g, " ").trim();
    const cut = !wide && reason.length > REASON_WIDTH;
    if (cut) shortened += 1;
    const where = entry.label === undefined ? "-" : `${entry.label}/${entry.partIndex ?? "-"}`;
    return [entry.jobId, entry.failedAt, entry.container.name, where, cut ? `${reason.slice(0, REASON_WIDTH - 1)}…` : reason];
  });
  const table = [[...HEADER], ...rows];
  const widths = HEADER.map((_, column) => Math.max(...table.map((row) => row[column]?.length ?? 0)));
  const lines = table.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
  if (shortened > 0)
    lines.push(`(${shortened} reason${shortened === 1 ? "" : "s"} shortened to ${REASON_WIDTH} characters; --wide shows them whole)`);
  return `${lines.join("\n")}\n`;
}
