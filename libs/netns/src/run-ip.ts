import { addRuleConverging, needsRuleDeduplication } from "./add-rule-converging.js";
import type { IpResult, IpRunOptions } from "./ip-run-report.js";
import { parseIpCommand, type IpCommand } from "./parse-ip-command.js";
import type { IpTarget } from "./run-in-namespace.js";
import { runIpOnce } from "./run-ip-once.js";

/**
 * Runs `ip ...args` on the host or in a pinned namespace, safe to repeat: an add of what exists
 * or a delete of what is gone resolves with outcome "already"; anything else that fails throws
 * IpCommandError.
 */
export async function runIp(target: IpTarget, args: readonly string[], options?: IpRunOptions): Promise<IpResult> {
  return await runIpCommand(target, parseIpCommand(args), options);
}

/** runIp for a command already parsed. */
export async function runIpCommand(target: IpTarget, command: IpCommand, options?: IpRunOptions): Promise<IpResult> {
  if (needsRuleDeduplication(command)) return await addRuleConverging(target, command, options);
  return await runIpOnce(target, command, options);
}
