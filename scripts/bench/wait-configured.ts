import { setTimeout as sleep } from "node:timers/promises";
import type { AppProcess } from "../../test/harness/app-process.js";
import type { WorkerLogReader } from "./configured-log.js";

const POLL_MS = 25;

/**
 * Waits until the worker has logged "container configured" for every one of `names`; fails at
 * once on a dead letter or a worker that exited, and names what is missing on a timeout.
 */
export async function waitUntilConfigured(
  reader: WorkerLogReader,
  worker: AppProcess,
  names: readonly string[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    reader.poll();
    const fatal = reader.problems.find((problem) => problem.fatal);
    if (fatal !== undefined) throw new Error(`the worker failed a bench container: ${fatal.text}`);
    if (reader.configured.size === names.length) return;
    if (!worker.running) throw new Error(`the worker exited during the phase: ${worker.stderr.join("").slice(-2000)}`);
    if (Date.now() > deadline) {
      const missing = names.filter((name) => !reader.configured.has(name));
      const retries = reader.problems.slice(0, 3).map((problem) => problem.text);
      throw new Error(
        `timed out after ${timeoutMs / 1000} s: ${missing.length} of ${names.length} containers not configured ` +
          `(first: ${missing.slice(0, 3).join(", ")})${retries.length === 0 ? "" : `; worker warnings: ${retries.join("; ")}`}`,
      );
    }
    await sleep(POLL_MS, undefined, { signal });
  }
}
