import type { DeadLetterEntry } from "@dehandler/contract";
import { describe, expect, it } from "vitest";
import { deadLetterTable, REASON_WIDTH } from "../src/dlq/dead-letter-table.js";

function entry(jobId: string, name: string, reason: string, label?: { label: string; partIndex?: number }): DeadLetterEntry {
  return {
    jobId,
    container: { id: "0123456789ab", name },
    failedAt: "2026-12-04T05:00:00.000Z",
    attemptsMade: 3,
    permanent: true,
    reason,
    errorName: "PartFailedError",
    ...label,
  };
}

describe("dlq list's table", () => {
  const long = `${"x".repeat(REASON_WIDTH + 20)}END`;

  it.each<[string, DeadLetterEntry[], { wide?: boolean }, string]>([
    [
      "a header and aligned columns, full job ids",
      [
        entry("start-0123456789ab-20261204T050000Z", "web", "invalid label: $ADDR is not allowed", { label: "docker-events.address", partIndex: 1 }),
        entry("stop-ab-e1", "db-primary", "undoing failed", { label: "docker-events.host-route" }),
        entry("start-cd-e2", "x", "bad\n  script"),
      ],
      {},
      [
        "JOB                                  FAILED AT                 CONTAINER   LABEL/PART                  REASON",
        "start-0123456789ab-20261204T050000Z  2026-12-04T05:00:00.000Z  web         docker-events.address/1     invalid label: $ADDR is not allowed",
        "stop-ab-e1                           2026-12-04T05:00:00.000Z  db-primary  docker-events.host-route/-  undoing failed",
        "start-cd-e2                          2026-12-04T05:00:00.000Z  x           -                           bad script",
        "",
      ].join("\n"),
    ],
    [
      "a shortened reason, said so under the table",
      [entry("start-a-e1", "web", long)],
      {},
      [
        "JOB         FAILED AT                 CONTAINER  LABEL/PART  REASON",
        `start-a-e1  2026-12-04T05:00:00.000Z  web        -           ${"x".repeat(REASON_WIDTH - 1)}…`,
        `(1 reason shortened to ${REASON_WIDTH} characters; --wide shows them whole)`,
        "",
      ].join("\n"),
    ],
    [
      "--wide: the reason whole",
      [entry("start-a-e1", "web", long)],
      { wide: true },
      [
        "JOB         FAILED AT                 CONTAINER  LABEL/PART  REASON",
        `start-a-e1  2026-12-04T05:00:00.000Z  web        -           ${long}`,
        "",
      ].join("\n"),
    ],
  ])("%s", (_what, entries, options, table) => {
    expect(deadLetterTable(entries, options)).toBe(table);
  });
});
