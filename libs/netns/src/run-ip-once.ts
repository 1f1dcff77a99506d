import { classifyIpFailure } from "./classify-ip-failure.js";
import { IpCommandError } from "./errors/ip-command-error.js";
import { runInNamespace } from "./run-in-namespace.js";
import type { IpTarget, RunOptions } from "./run-in-namespace.js";

export interface IpResult {
  argv: string[];
  outcome: "applied" | "already";
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** One `ip` process; a failure that only means "already done" becomes outcome "already". */
export async function runIpOnce(target: IpTarget, args: readonly string[], options?: RunOptions): Promise<IpResult> {
  const { argv, exitCode, stdout, stderr, durationMs } = await runInNamespace(target, ["ip", ...args], options);
  if (exitCode === 0) return { argv, outcome: "applied", stdout, stderr, durationMs };
  if (classifyIpFailure(args, stderr) === "already") return { argv, outcome: "already", stdout, stderr, durationMs };
  throw new IpCommandError({ args, argv, exitCode, stdout, stderr });
}
