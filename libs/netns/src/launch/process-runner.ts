// The process layer: who starts a program or a script, and what became of it. Plain data both
// ways, so that a request and its outcome can cross to the spawner helper and back.

/** One program to run (nsenter, ip, tee): no shell, argv only. */
export interface ProgramRequest {
  argv: [string, ...string[]];
  /** An open namespace fd of the requesting process, handed to the program as its fd 3. */
  netnsFd?: number | undefined;
  /** Written to stdin (otherwise closed). */
  input?: string | undefined;
  timeoutMs: number;
}

/** A script to run (no shell): a start or stop script. */
export interface ScriptRequest {
  path: string;
  cwd: string;
  /** The script's whole environment (nothing of the worker's is added). */
  env: Record<string, string>;
  /** Past it, the script's whole process group is killed. */
  timeoutMs: number;
  /** How much of its output (stdout and stderr interleaved, as they arrive) is kept: the end. */
  outputTailBytes: number;
}

/** How a process ended, whatever it was. */
export interface ProcessOutcome {
  exitCode: number | undefined;
  signal: string | undefined;
  durationMs: number;
  timedOut: boolean;
  /** Set when it could not be started at all (not found, not executable). */
  spawnError: { code: string | undefined; message: string } | undefined;
}

/** A program's stdout is parsed (`ip -j`) and its stderr classified: they are kept apart. */
export interface ProgramOutcome extends ProcessOutcome {
  stdout: string;
  stderr: string;
  /** Killed because the caller's signal aborted. */
  canceled: boolean;
  /** True when an already running process served the request (a host ip session): none was started. */
  reused?: boolean;
}

/** A script's output is only shown to people: one stream, as it arrived, cut to its tail. */
export interface ScriptOutcome extends ProcessOutcome {
  /** The last `outputTailBytes` of what it printed. */
  output: string;
  /** How many bytes it printed in all; more than the tail means the start was dropped. */
  outputBytes: number;
}

/**
 * Starts processes: this process itself (directRunner), the spawner helper (Spawner), or a
 * long-lived host ip in front of one of them (HostIpRunner). Tests pass a fake.
 */
export interface ProcessRunner {
  /** Aborting the signal kills the program; the outcome then says canceled. */
  run(request: ProgramRequest, signal?: AbortSignal): Promise<ProgramOutcome>;
  /** Runs a start or stop script in a process group of its own (see launch-script.ts). */
  runScript(request: ScriptRequest): Promise<ScriptOutcome>;
}
