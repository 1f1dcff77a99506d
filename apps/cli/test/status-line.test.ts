import type { EngineQueueStatus } from "@dehandler/contract";
import { describe, expect, it } from "vitest";
import { statusLine } from "../src/commands/status-command.js";

const NOW = Date.parse("2026-12-04T05:00:00Z");
const base: EngineQueueStatus = {
  engineId: "e1",
  waiting: 0,
  active: 0,
  delayed: 0,
  failed: 0,
  completed: 4,
  deadLetter: 0,
  workers: 1,
  lastQueuedAt: NOW - 90_000,
  lagMs: 0,
};
const LINE =
  "engine e1: waiting 0, active ACTIVE, delayed 0, failed 0, dead-letter 0, workers WORKERS, last start queued 2026-12-04T04:58:30.000Z (90s ago), lag 0s";
const line = (active: number, workers: number): string => LINE.replace("ACTIVE", String(active)).replace("WORKERS", String(workers));
const START = "start one if none is running (systemctl start dehandler-worker.service, docker compose up -d worker, or npm run worker).";

describe("dehandler status, per engine", () => {
  it.each<[string, Partial<EngineQueueStatus>, string]>([
    ["a busy engine: one line", { active: 2 }, line(2, 1)],
    [
      "one job held by a dead worker, its lock still on",
      { active: 1, workers: 0, orphanLockMs: 12_300 },
      `${line(1, 0)}\n  1 job is held by a worker that stopped or died (no worker of this engine is connected). A worker of this engine runs it again once its lock expires (in 13 s at most); ${START}`,
    ],
    [
      "several, their locks expired",
      { active: 3, workers: 0, orphanLockMs: 0 },
      `${line(3, 0)}\n  3 jobs are held by a worker that stopped or died (no worker of this engine is connected). A worker of this engine runs them again as soon as it connects (their locks have expired); ${START}`,
    ],
  ])("%s", (_what, status, text) => {
    expect(statusLine({ ...base, ...status }, NOW)).toBe(text);
  });
});
