import type { PlannedCommand } from "@dehandler/labels";
import {
  CommandTimeoutError,
  IP_EXECUTORS,
  SysctlWriteError,
  writeSysctl,
  type IpExecutorName,
  type IpRunReport,
  type IpTarget,
  type NetnsHandle,
  type ProcessRunner,
  type RunOptions,
} from "@dehandler/netns";
import type { Logger } from "@dehandler/service";
import { PartFailedError } from "./errors/part-failed-error.js";
import type { WorkerMetrics } from "./worker-metrics.js";

export interface ApplyTargets {
  /** The container's pinned namespace; only needed when a command targets the container. */
  container: NetnsHandle | undefined;
  executor: IpExecutorName;
  /** Starts the nsenter/ip processes (the worker's small spawner helper). */
  runner: ProcessRunner;
  timeoutMs: number;
  metrics: WorkerMetrics;
  /** Told each part's outcome as it is known (host changes own only what they added). */
  onOutcome?: (command: PlannedCommand, outcome: "applied" | "already") => void;
}

export interface ApplyCounts {
  applied: number;
  already: number;
}

/**
 * Runs the planned commands in order, each run of consecutive commands for one namespace through
 * the chosen executor, and stops at the first failure: order matters (`delete default` must come
 * before `add default`). Each part logs one line (at debug unless it failed).
 */
export async function applyCommands(commands: readonly PlannedCommand[], targets: ApplyTargets, logger: Logger): Promise<ApplyCounts> {
  const counts: ApplyCounts = { applied: 0, already: 0 };
  for (const group of byConsecutiveRun(commands)) {
    const kind = group[0]?.target ?? "host";
    const target = kind === "host" ? "host" : targets.container;
    if (target === undefined) throw new Error(`no namespace for ${group[0]?.label ?? "a label"}`);
    const started = performance.now();
    const options: RunOptions = { timeoutMs: targets.timeoutMs, runner: targets.runner, onSpawn: () => targets.metrics.ipProcessSpawned(kind) };
    const report =
      group[0]?.action === "sysctl"
        ? await writeSysctls(target, group, options)
        : await IP_EXECUTORS[targets.executor](
            target,
            group.map((command) => command.argv),
            options,
          );
    const durationMs = Math.round(performance.now() - started);
    for (const [index, result] of report.results.entries()) {
      const command = group[index];
      if (command === undefined) continue;
      counts[result.outcome] += 1;
      targets.onOutcome?.(command, result.outcome);
      targets.metrics.partRan(command.label, result.outcome);
      // Debug: "container configured" sums them up; a failed part is a warning of its own.
      logger.debug({ part: describePart(command), outcome: result.outcome }, "label part applied");
    }
    logger.debug({ target: kind, parts: group.length, processes: report.processes, durationMs, executor: targets.executor }, "ip commands ran");
    if (report.failure !== undefined) {
      const command = group[report.failure.index];
      const { error } = report.failure;
      if (command === undefined) throw error;
      targets.metrics.partRan(command.label, "failed");
      if (error instanceof SysctlWriteError) {
        logger.warn({ part: describePart(command), outcome: "failed", exitCode: error.exitCode, stderr: error.stderr.trim() }, "label part failed");
        throw new PartFailedError(command, error.argv, error.exitCode, error.stderr, { cause: error });
      }
      if (error instanceof CommandTimeoutError) {
        logger.warn({ part: describePart(command), outcome: "failed", timeoutMs: error.timeoutMs }, "label part failed");
        throw new PartFailedError(command, error.argv, undefined, `no answer within ${error.timeoutMs} ms`, { cause: error });
      }
      logger.warn({ part: describePart(command), outcome: "failed", exitCode: error.exitCode, stderr: error.stderr.trim() }, "label part failed");
      throw new PartFailedError(command, error.argv, error.exitCode, error.stderr, { cause: error });
    }
  }
  return counts;
}

function describePart(command: PlannedCommand): Record<string, unknown> {
  return { label: command.label, index: command.partIndex, text: command.partText, argv: command.argv, target: command.target };
}

/** Runs of consecutive commands for one namespace and one kind of action. */
function byConsecutiveRun(commands: readonly PlannedCommand[]): PlannedCommand[][] {
  const groups: PlannedCommand[][] = [];
  for (const command of commands) {
    const last = groups.at(-1);
    if (last !== undefined && last[0]?.target === command.target && last[0].action === command.action) last.push(command);
    else groups.push([command]);
  }
  return groups;
}

/** One `tee` per sysctl, in order, stopping at the first that fails: reported like an ip run. */
async function writeSysctls(target: IpTarget, group: readonly PlannedCommand[], options: RunOptions): Promise<IpRunReport> {
  if (target === "host") throw new Error("sysctls are only written inside a container's namespace");
  const report: IpRunReport = { results: [], processes: 0 };
  for (const [index, command] of group.entries()) {
    const [key = "", value = ""] = command.argv;
    try {
      const written = await writeSysctl(target, key, value, options);
      report.results.push({ argv: written.argv, outcome: "applied" });
      report.processes += 1;
    } catch (error) {
      if (!(error instanceof SysctlWriteError || error instanceof CommandTimeoutError)) throw error;
      report.processes += 1;
      return { ...report, failure: { index, error } };
    }
  }
  return report;
}
