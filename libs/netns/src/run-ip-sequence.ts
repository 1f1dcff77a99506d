import { CommandTimeoutError } from "./errors/command-timeout-error.js";
import { IpCommandError } from "./errors/ip-command-error.js";
import type { IpRunOptions, IpRunReport } from "./ip-run-report.js";
import { parseIpCommand, type IpCommand } from "./parse-ip-command.js";
import type { IpTarget } from "./run-in-namespace.js";
import { runIpCommand } from "./run-ip.js";

/**
 * The per-part executor: one `ip` process per command (more for a rule without a priority), in
 * order, stopping at the first failure. Kept for comparison with the batch executor, and as its
 * fallback when a batch cannot say which line failed.
 */
export async function runIpSequence(target: IpTarget, commands: readonly (readonly string[])[], options: IpRunOptions = {}): Promise<IpRunReport> {
  return await runParsedSequence(target, commands.map(parseIpCommand), options);
}

/** runIpSequence for commands already parsed. */
export async function runParsedSequence(target: IpTarget, commands: readonly IpCommand[], options: IpRunOptions = {}): Promise<IpRunReport> {
  const { report, counted } = startReport(options);
  for (const [index, command] of commands.entries()) {
    try {
      report.results.push(await runIpCommand(target, command, counted));
    } catch (error) {
      if (!(error instanceof IpCommandError || error instanceof CommandTimeoutError)) throw error;
      report.failure = { index, error };
      break;
    }
  }
  return report;
}

/** An empty report, and options that count every process started into it (and still tell the caller). */
export function startReport(options: IpRunOptions): { report: IpRunReport; counted: IpRunOptions } {
  const report: IpRunReport = { results: [], processes: 0 };
  const counted: IpRunOptions = {
    ...options,
    onSpawn: () => {
      report.processes += 1;
      options.onSpawn?.();
    },
  };
  return { report, counted };
}
