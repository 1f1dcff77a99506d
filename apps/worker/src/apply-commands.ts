import type { PlannedCommand } from "@dehandler/labels";
import { CommandTimeoutError, IpCommandError, runIp, type NetnsHandle } from "@dehandler/netns";
import type { Logger } from "@dehandler/service";
import { PartFailedError } from "./errors/part-failed-error.js";
import type { WorkerMetrics } from "./worker-metrics.js";

export interface ApplyTargets {
  /** The container's pinned namespace; only needed when a command targets the container. */
  container: NetnsHandle | undefined;
  timeoutMs: number;
  metrics: WorkerMetrics;
}

export interface ApplyCounts {
  applied: number;
  already: number;
}

/**
 * Runs the planned commands in order and stops at the first failure: order matters
 * (`delete default` must come before `add default`). Each part logs one line.
 */
export async function applyCommands(commands: readonly PlannedCommand[], targets: ApplyTargets, logger: Logger): Promise<ApplyCounts> {
  const counts: ApplyCounts = { applied: 0, already: 0 };
  for (const command of commands) {
    const target = command.target === "host" ? "host" : targets.container;
    if (target === undefined) throw new Error(`no namespace for ${command.label} part ${command.partIndex}`);
    const part = { label: command.label, index: command.partIndex, text: command.partText, argv: command.argv, target: command.target };
    const started = performance.now();
    try {
      const result = await runIp(target, command.argv, { timeoutMs: targets.timeoutMs });
      counts[result.outcome] += 1;
      targets.metrics.partRan(command.label, result.outcome);
      logger.info({ part, outcome: result.outcome, durationMs: result.durationMs }, "label part applied");
    } catch (error) {
      const durationMs = Math.round(performance.now() - started);
      targets.metrics.partRan(command.label, "failed");
      const detail = error instanceof IpCommandError ? { exitCode: error.exitCode, stderr: error.stderr.trim() } : { error: String(error) };
      logger.warn({ part, outcome: "failed", durationMs, ...detail }, "label part failed");
      if (error instanceof IpCommandError) {
        throw new PartFailedError(command, error.argv, error.exitCode, error.stderr, { cause: error });
      }
      if (error instanceof CommandTimeoutError) {
        throw new PartFailedError(command, error.argv, undefined, `no answer within ${error.timeoutMs} ms`, { cause: error });
      }
      throw error;
    }
  }
  return counts;
}
