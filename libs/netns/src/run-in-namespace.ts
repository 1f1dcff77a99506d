import { execa } from "execa";
import { constants } from "node:os";
import { CommandSpawnError } from "./errors/command-spawn-error.js";
import { CommandTimeoutError } from "./errors/command-timeout-error.js";
import type { NetnsHandle } from "./netns-handle.js";

export type IpTarget = "host" | NetnsHandle;

export interface RunOptions {
  /** Per process; on expiry the process is killed with SIGKILL. Default 10 000. */
  timeoutMs?: number;
  /** Aborting kills the process with SIGKILL and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called each time a process is spawned (for counting). */
  onSpawn?: () => void;
  /** Written to the program's stdin (which is otherwise closed), e.g. the lines of `ip -batch -`. */
  input?: string;
}

export interface CommandResult {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
// The handle's fd is handed down as the child's fd 3 and nsenter opens it through its own /proc
// entry: the child joins the namespace the handle pinned, even if the pid or name was reused since.
const CHILD_NETNS_FD = 3;
const NSENTER_PREFIX = ["nsenter", `--net=/proc/self/fd/${CHILD_NETNS_FD}`, "--"] as const;
// nsenter's own report when it entered the namespace but could not exec the program (exit 126/127).
const NSENTER_EXEC_FAILURE = /^nsenter: failed to execute (.+?): (.+)$/m;

/** The full argv that runs `command` in the target namespace. */
export function commandArgv(target: IpTarget, command: readonly [string, ...string[]]): [string, ...string[]] {
  return target === "host" ? [...command] : [...NSENTER_PREFIX, ...command];
}

/**
 * Runs a program in the target namespace. Throws only when it cannot run or runs too long; a
 * non-zero exit is returned, for the caller to judge.
 */
export async function runInNamespace(
  target: IpTarget,
  command: readonly [string, ...string[]],
  options: RunOptions = {},
): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const argv = commandArgv(target, command);
  const [file, ...args] = argv;
  options.signal?.throwIfAborted();
  options.onSpawn?.();
  const stdin = options.input === undefined ? "ignore" : "pipe";

  const result = await execa(file, args, {
    // execa's types allow only the literals 3-9 as an extra stdio fd, but at run time it hands any
    // integer to child_process.spawn unchanged (checked with execa 9.6): the cast only widens the type.
    stdio: [stdin, "pipe", "pipe", ...(target === "host" ? [] : [target.fd as 3])],
    ...(options.input === undefined ? {} : { input: options.input }),
    reject: false,
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    cancelSignal: options.signal,
    // nsenter's messages are translated; ip's are not, but C keeps every stderr we classify stable.
    // Nothing else of the caller's environment (a Redis password) reaches these processes.
    env: { LC_ALL: "C", PATH: process.env.PATH ?? DEFAULT_PATH },
    extendEnv: false,
  });

  if (result.timedOut) throw new CommandTimeoutError(argv, timeoutMs);
  if (result.isCanceled) options.signal?.throwIfAborted();
  // Killed by someone else's signal: reported the way a shell would (128 + signal number).
  const exitCode = result.exitCode ?? (result.signal && 128 + constants.signals[result.signal]);
  if (exitCode === undefined) {
    const reason = result.code === "ENOENT" ? "not found on PATH (ENOENT)" : (result.originalMessage ?? "could not be spawned");
    throw new CommandSpawnError(argv, file, reason, { cause: result.cause });
  }
  const execFailure = target === "host" ? null : NSENTER_EXEC_FAILURE.exec(result.stderr);
  if (execFailure && (exitCode === 126 || exitCode === 127)) {
    throw new CommandSpawnError(argv, execFailure[1] ?? command[0], execFailure[2] ?? result.stderr.trim());
  }
  return { argv, exitCode, stdout: result.stdout, stderr: result.stderr, durationMs: result.durationMs };
}
