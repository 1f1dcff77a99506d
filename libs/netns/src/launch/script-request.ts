/** A script to run (no shell), as the spawner takes it: plain data, so it can cross a process boundary. */
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

export interface ScriptOutcome {
  exitCode: number | undefined;
  signal: string | undefined;
  /** The last `outputTailBytes` of what it printed. */
  output: string;
  /** How many bytes it printed in all; more than the tail means the start was dropped. */
  outputBytes: number;
  durationMs: number;
  timedOut: boolean;
  /** Set when the script could not be started at all (not found, not executable). */
  spawnError: { code: string | undefined; message: string } | undefined;
}

export type ScriptLauncher = (request: ScriptRequest) => Promise<ScriptOutcome>;
