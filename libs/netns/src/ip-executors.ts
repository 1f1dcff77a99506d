import type { IpExecutor } from "./ip-run-report.js";
import { runIpBatch } from "./run-ip-batch.js";
import { runIpSequence } from "./run-ip-sequence.js";

/** batch: one `ip -batch` process per namespace per job; per-part: one process per part. */
export const IP_EXECUTOR_NAMES = ["batch", "per-part"] as const;
export type IpExecutorName = (typeof IP_EXECUTOR_NAMES)[number];

/** Both run a list with the same guarantees and report it the same way; they differ in processes. */
export const IP_EXECUTORS: Readonly<Record<IpExecutorName, IpExecutor>> = {
  batch: runIpBatch,
  "per-part": runIpSequence,
};
