import { execa } from "execa";
import { dirname } from "node:path";
import type { ContainerSnapshot } from "@dehandler/engine";
import { StartScriptError } from "./errors/start-script-error.js";

export interface StartScriptRun {
  path: string;
  container: ContainerSnapshot;
  timeoutMs: number;
  /** Variables the script may see besides CONTAINER_*: PATH and the allowed label variables. */
  baseEnv: Readonly<Record<string, string>>;
}

export interface StartScriptResult {
  exitCode: number;
  output: string;
  durationMs: number;
}

const MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * Runs the script directly (no shell) in a process group of its own. At the timeout the whole
 * group is killed; once the script exits, anything it left running in its group is killed too,
 * so a stray background child can neither keep the job open nor outlive it unnoticed.
 */
export async function runStartScript(run: StartScriptRun): Promise<StartScriptResult> {
  const started = performance.now();
  const child = execa(run.path, [], {
    cwd: dirname(run.path),
    env: {
      ...run.baseEnv,
      CONTAINER_ID: run.container.id,
      CONTAINER_NAME: run.container.name,
      CONTAINER_PID: String(run.container.pid),
    },
    extendEnv: false,
    detached: true,
    stdin: "ignore",
    all: true,
    reject: false,
    maxBuffer: MAX_OUTPUT_BYTES,
  });
  const killGroup = (): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // the group is already empty
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, run.timeoutMs);
  child.once("exit", killGroup);
  const result = await child;
  clearTimeout(timer);
  const output = typeof result.all === "string" ? result.all : "";
  if (timedOut || result.exitCode !== 0) {
    // With no exit code the script never ran (not found, not executable): execa says why.
    const detail = result.exitCode === undefined && !timedOut && "shortMessage" in result ? String(result.shortMessage) : output;
    throw new StartScriptError(run.path, result.exitCode, timedOut, detail);
  }
  return { exitCode: 0, output, durationMs: Math.round(performance.now() - started) };
}
