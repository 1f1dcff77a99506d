import { classifyIpFailure } from "./classify-ip-failure.js";
import { IpCommandError } from "./errors/ip-command-error.js";
import type { IpResult, IpRunOptions } from "./ip-run-report.js";
import type { IpCommand } from "./parse-ip-command.js";
import { runInNamespace, type IpTarget } from "./run-in-namespace.js";

/** One `ip` process; a failure that only means "already done" becomes outcome "already". */
export async function runIpOnce(target: IpTarget, command: IpCommand, options: IpRunOptions = {}): Promise<IpResult> {
  const { args } = command;
  const { argv, exitCode, stdout, stderr } = await runInNamespace(target, ["ip", ...args], options);
  if (exitCode === 0) return { argv, outcome: "applied" };
  if (classifyIpFailure(command, stderr, options.purpose) === "already") return { argv, outcome: "already" };
  throw new IpCommandError({ args, argv, exitCode, stdout, stderr });
}
