/** One program to run, as the launchers take it. */
export interface LaunchRequest {
  argv: [string, ...string[]];
  /** An open namespace fd of the requesting process, handed to the program as its fd 3. */
  netnsFd?: number | undefined;
  /** Written to stdin (otherwise closed). */
  input?: string | undefined;
  timeoutMs: number;
}

/** What became of it; plain data, so that it can cross a process boundary. */
export interface LaunchOutcome {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  canceled: boolean;
  /** Set when the program could not be started at all. */
  spawnError: { code: string | undefined; message: string } | undefined;
  /** True when an already running process served the request (a host ip session): none was started. */
  reused?: boolean;
}

export type Launcher = (request: LaunchRequest, signal?: AbortSignal) => Promise<LaunchOutcome>;
