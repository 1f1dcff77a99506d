import { spawn } from "node:child_process";
import { childEnv } from "./child-env.js";
import type { ProgramOutcome, ProgramRequest } from "./process-runner.js";

/** ip prints little; anything past this is cut (the end is what explains a failure). */
const MAX_OUTPUT_CHARS = 1_000_000;

/**
 * Runs the program as a child of this process. This is the hot path (two processes per job), so
 * it uses node:child_process directly: measured here, execa cost 2.5 ms of CPU per call against
 * 0.8 ms, for the same spawn, input, timeout and kill.
 */
export function launchDirect(request: ProgramRequest, signal?: AbortSignal): Promise<ProgramOutcome> {
  const started = performance.now();
  const [file, ...args] = request.argv;
  return new Promise((resolve) => {
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    let canceled = false;
    let spawnError: ProgramOutcome["spawnError"];
    const child = spawn(file, args, {
      stdio: [request.input === undefined ? "ignore" : "pipe", "pipe", "pipe", ...(request.netnsFd === undefined ? [] : [request.netnsFd])],
      env: childEnv(),
    });
    const kill = (): void => void child.kill("SIGKILL");
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, request.timeoutMs);
    const onAbort = (): void => {
      canceled = true;
      kill();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted === true) onAbort();
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout = (stdout + chunk).slice(-MAX_OUTPUT_CHARS);
    });
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-MAX_OUTPUT_CHARS);
    });
    // A program that exits without reading all its input must not fail the launch (EPIPE).
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(request.input);
    child.on("error", (error: NodeJS.ErrnoException) => {
      spawnError = { code: error.code, message: error.message };
    });
    child.on("close", (code, killedBy) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      // When spawning failed, Node reports the negative errno as the "code": not an exit status.
      const ran = spawnError === undefined && (code !== null || killedBy !== null);
      resolve({
        exitCode: ran ? (code ?? undefined) : undefined,
        signal: ran ? (killedBy ?? undefined) : undefined,
        stdout: stdout.trimEnd(),
        stderr: stderr.trimEnd(),
        durationMs: performance.now() - started,
        timedOut,
        canceled,
        spawnError: ran ? undefined : (spawnError ?? { code: undefined, message: "could not be spawned" }),
      });
    });
  });
}
