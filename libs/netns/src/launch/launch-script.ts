import { spawn } from "node:child_process";
import { OutputTail } from "./output-tail.js";
import type { ScriptOutcome, ScriptRequest } from "./process-runner.js";

/** After the script exits, how long output still in the pipe is waited for. */
const DRAIN_AFTER_EXIT_MS = 200;

/** Process groups of scripts still running: killed if the process running them has to go. */
const running = new Set<number>();

/**
 * Runs a script in a process group of its own, its output in a pipe that is always read: only
 * the last `outputTailBytes` are kept, in memory, so a script printing without end neither fills
 * a disk nor blocks on a full pipe. The outcome comes when the script exits, not when its output
 * closes: a process it leaves in the background may hold the pipe for ever (what it prints later
 * is read and dropped). At the timeout the whole group is killed.
 */
export function launchScript(request: ScriptRequest): Promise<ScriptOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const tail = new OutputTail(request.outputTailBytes);
    let timedOut = false;
    let spawnError: ScriptOutcome["spawnError"];
    const child = spawn(request.path, [], { cwd: request.cwd, env: request.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const group = child.pid;
    if (group !== undefined) running.add(group);
    const killGroup = (): void => {
      if (group === undefined) return;
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // the group is already empty
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, request.timeoutMs);
    // Once the outcome is given, what a background process still prints is read and dropped.
    let answered = false;
    const take = (chunk: Buffer): void => {
      if (!answered) tail.push(chunk);
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
    child.on("error", (error: NodeJS.ErrnoException) => {
      spawnError = { code: error.code, message: error.message };
    });
    let closed = false;
    child.on("close", () => void (closed = true));
    child.on("exit", (code, killedBy) => {
      clearTimeout(timer);
      if (group !== undefined) running.delete(group);
      const finish = (): void => {
        if (answered) return;
        answered = true;
        resolve({
          exitCode: code ?? undefined,
          signal: killedBy ?? undefined,
          output: tail.text(),
          outputBytes: tail.bytesSeen,
          durationMs: performance.now() - started,
          timedOut,
          spawnError: undefined,
        });
      };
      if (closed) finish();
      else {
        const drained = setTimeout(finish, DRAIN_AFTER_EXIT_MS);
        child.once("close", () => {
          clearTimeout(drained);
          finish();
        });
      }
    });
    // A script that could not be spawned emits "error" and never "exit".
    child.once("error", () => {
      if (child.pid !== undefined) return;
      clearTimeout(timer);
      resolve({
        exitCode: undefined,
        signal: undefined,
        output: "",
        outputBytes: 0,
        durationMs: performance.now() - started,
        timedOut: false,
        spawnError,
      });
    });
  });
}

/** Kills the process group of every script still running (its runner is going away). */
export function killRunningScripts(): void {
  for (const group of running) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // already gone
    }
  }
  running.clear();
}
