import { addRuleConverging, needsRuleDeduplication } from "./add-rule-converging.js";
import { parseIpCommand } from "./parse-ip-command.js";
import type { IpTarget, RunOptions } from "./run-in-namespace.js";
import { runIpOnce } from "./run-ip-once.js";
import type { IpResult } from "./run-ip-once.js";

/**
 * Runs `ip ...args` on the host or in a pinned namespace, safe to repeat: an add of what exists
 * or a delete of what is gone resolves with outcome "already"; anything else that fails throws
 * IpCommandError.
 */
export async function runIp(target: IpTarget, args: readonly string[], options?: RunOptions): Promise<IpResult> {
  const words = parseIpCommand(args);
  if (needsRuleDeduplication(words)) return await addRuleConverging(target, args, words, options);
  return await runIpOnce(target, args, options);
}
