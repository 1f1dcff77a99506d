import type { IpPurpose } from "./classify-ip-failure.js";
import type { CommandTimeoutError } from "./errors/command-timeout-error.js";
import type { IpCommandError } from "./errors/ip-command-error.js";
import type { SysctlWriteError } from "./errors/sysctl-write-error.js";
import type { IpTarget, RunOptions } from "./run-in-namespace.js";

// The ip layer's one result: what running a list of commands did. Every executor reports this way.

/** What became of one command of the list that did not fail. */
export interface IpResult {
  /** The whole argv that ran it (nsenter included); in a batch, the line's command as if run alone. */
  argv: string[];
  outcome: "applied" | "already";
}

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

export interface IpRunOptions extends RunOptions {
  /** Undoing earlier changes, a delete of a device's route finds it gone with the device: see IpPurpose. */
  purpose?: IpPurpose;
}

/** Runs the commands (ip arguments without "ip") in order and stops at the first that fails. */
export type IpExecutor = (target: IpTarget, commands: readonly (readonly string[])[], options?: IpRunOptions) => Promise<IpRunReport>;
