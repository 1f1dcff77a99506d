import { constants } from "node:os";
import { CommandSpawnError } from "./errors/command-spawn-error.js";
import { CommandTimeoutError } from "./errors/command-timeout-error.js";
import { directRunner } from "./launch/direct-runner.js";
import type { ProcessRunner, ProgramRequest } from "./launch/process-runner.js";
import type { NetnsHandle } from "./netns-handle.js";

export type IpTarget = "host" | NetnsHandle;

export interface RunOptions {
  /** Per process; on expiry the process is killed with SIGKILL. Default 10 000. */
  timeoutMs?: number;
  /** Aborting kills the process with SIGKILL and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Who starts the process: by default this process itself; the worker passes its Spawner. */
  runner?: ProcessRunner;
  /** Called each time a process is spawned (for counting). */
  onSpawn?: () => void;
  /** Written to the program's stdin (which is otherwise closed), e.g. the lines of `ip -batch -`. */
  input?: string;
}

/**
 * A program that ran to its exit. The process layer's outcome (ProgramOutcome) also covers a
 * program that never started, timed out or was canceled; here those have become errors, and a
 * death by signal an exit status, so this is all a caller has left to judge.
 */
export interface CommandResult {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
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
export async function runInNamespace(target: IpTarget, command: readonly [string, ...string[]], options: RunOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const argv = commandArgv(target, command);
  options.signal?.throwIfAborted();
  const request: ProgramRequest = { argv, netnsFd: target === "host" ? undefined : target.fd, input: options.input, timeoutMs };
  const result = await (options.runner ?? directRunner).run(request, options.signal);
  if (result.reused !== true) options.onSpawn?.();

  if (result.timedOut) throw new CommandTimeoutError(argv, timeoutMs);
  if (result.canceled) options.signal?.throwIfAborted();
  // Killed by someone else's signal: reported the way a shell would (128 + signal number).
  const signalNumber = result.signal === undefined ? undefined : (constants.signals as Record<string, number | undefined>)[result.signal];
  const exitCode = result.exitCode ?? (signalNumber === undefined ? undefined : 128 + signalNumber);
  if (exitCode === undefined) {
    const reason = result.spawnError?.code === "ENOENT" ? "not found on PATH (ENOENT)" : (result.spawnError?.message ?? "could not be spawned");
    throw new CommandSpawnError(argv, argv[0], reason);
  }
  const execFailure = target === "host" ? null : NSENTER_EXEC_FAILURE.exec(result.stderr);
  if (execFailure && (exitCode === 126 || exitCode === 127)) {
    throw new CommandSpawnError(argv, execFailure[1] ?? command[0], execFailure[2] ?? result.stderr.trim());
  }
  return { argv, exitCode, stdout: result.stdout, stderr: result.stderr, durationMs: result.durationMs };
}
