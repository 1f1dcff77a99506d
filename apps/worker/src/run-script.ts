import type { ContainerSnapshot } from "@dehandler/engine";
import type { ProcessRunner } from "@dehandler/netns";
import { dirname } from "node:path";
import { ScriptError } from "./errors/script-error.js";

export interface ScriptRun {
  path: string;
  kind?: "start" | "stop";
  /** A stop script's container may be gone: no pid then. */
  container: Pick<ContainerSnapshot, "id" | "name"> & { pid?: number };
  timeoutMs: number;
  /** Variables the script may see besides CONTAINER_*: PATH and the allowed label variables. */
  baseEnv: Readonly<Record<string, string>>;
  /** Who starts it: the worker's spawner helper. */
  runner: Pick<ProcessRunner, "runScript">;
}

export interface ScriptResult {
  exitCode: number;
  output: string;
  durationMs: number;
}

/** How much of the script's output (its end) is kept for logs and the dead-letter queue. */
const OUTPUT_TAIL_BYTES = 64 * 1024;

/**
 * Runs the script directly (no shell) in a process group of its own, through the spawner; at
 * the timeout the whole group is killed. Its output is kept in memory, the last 64 KiB of it:
 * nothing is written to disk, however much it prints.
 */
export async function runScript(run: ScriptRun): Promise<ScriptResult> {
  const outcome = await run.runner.runScript({
    path: run.path,
    cwd: dirname(run.path),
    env: {
      ...run.baseEnv,
      CONTAINER_ID: run.container.id,
      CONTAINER_NAME: run.container.name,
      ...(run.container.pid === undefined ? {} : { CONTAINER_PID: String(run.container.pid) }),
    },
    timeoutMs: run.timeoutMs,
    outputTailBytes: OUTPUT_TAIL_BYTES,
  });
  const output = (outcome.outputBytes > OUTPUT_TAIL_BYTES ? "[…]\n" : "") + outcome.output;
  if (outcome.spawnError !== undefined) {
    // It never ran (not found, not executable): say why.
    throw new ScriptError(run.path, undefined, false, outcome.spawnError.message, run.kind);
  }
  if (outcome.timedOut || outcome.exitCode !== 0)
    throw new ScriptError(run.path, outcome.exitCode, outcome.timedOut, output, run.kind, outcome.signal);
  return { exitCode: 0, output, durationMs: Math.round(outcome.durationMs) };
}
