import { CommandTimeoutError } from "./errors/command-timeout-error.js";
import { IpCommandError } from "./errors/ip-command-error.js";
import type { IpRunReport } from "./ip-run-report.js";
import type { IpTarget, RunOptions } from "./run-in-namespace.js";
import { runIp } from "./run-ip.js";

/**
 * The per-part executor: one `ip` process per command (more for a rule without a priority), in
 * order, stopping at the first failure. Kept for comparison with the batch executor, and as its
 * fallback when a batch cannot say which line failed.
 */
export async function runIpSequence(target: IpTarget, commands: readonly (readonly string[])[], options: RunOptions = {}): Promise<IpRunReport> {
  const { report, counted } = startReport(options);
  for (const [index, args] of commands.entries()) {
    try {
      report.results.push(await runIp(target, args, counted));
    } catch (error) {
      if (!(error instanceof IpCommandError || error instanceof CommandTimeoutError)) throw error;
      report.failure = { index, error };
      break;
    }
  }
  return report;
}

/** An empty report, and options that count every process started into it (and still tell the caller). */
export function startReport(options: RunOptions): { report: IpRunReport; counted: RunOptions } {
  const report: IpRunReport = { results: [], processes: 0 };
  const counted: RunOptions = {
    ...options,
    onSpawn: () => {
      report.processes += 1;
      options.onSpawn?.();
    },
  };
  return { report, counted };
}
