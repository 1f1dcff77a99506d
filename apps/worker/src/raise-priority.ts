import { getPriority, setPriority } from "node:os";
import type { Logger } from "@dehandler/service";

/**
 * Runs the worker (and the nsenter/ip processes it starts, which inherit it) at `nice`. A burst of
 * container starts keeps every core busy; the worker's few milliseconds of work per start then
 * wait behind the engine's. Its total CPU stays the same, it only gets it sooner. Without the
 * right to (CAP_SYS_NICE), it says so once and runs at its current priority.
 */
export function raisePriority(nice: number, logger: Logger): void {
  const current = getPriority();
  if (current <= nice) return;
  try {
    setPriority(nice);
    logger.debug({ nice, was: current }, "worker priority raised");
  } catch (error) {
    logger.warn(
      { nice, current, reason: (error as Error).message },
      "cannot raise the worker's priority (needs CAP_SYS_NICE); configuration during start bursts will be slower",
    );
  }
}
