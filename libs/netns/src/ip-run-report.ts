import type { CommandTimeoutError } from "./errors/command-timeout-error.js";
import type { IpCommandError } from "./errors/ip-command-error.js";
import type { SysctlWriteError } from "./errors/sysctl-write-error.js";
import type { IpResult } from "./run-ip-once.js";

/** What running a list of `ip` commands in order did: every executor reports the same way. */
export interface IpRunReport {
  /** One per command that succeeded (or was already in effect), in order. */
  results: IpResult[];
  /** The first command that failed; the ones after it did not run. */
  failure?: IpRunFailure;
  /** How many processes it took, all included (rule listings, fallbacks). */
  processes: number;
}

export interface IpRunFailure {
  /** Index of the failed command in the list given. */
  index: number;
  error: IpCommandError | CommandTimeoutError | SysctlWriteError;
}
