import { execa } from "execa";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ContainerSnapshot } from "@dehandler/engine";
import { ScriptError } from "./errors/script-error.js";

export interface ScriptRun {
  path: string;
  kind?: "start" | "stop";
  /** A stop script's container may be gone: no pid then. */
  container: Pick<ContainerSnapshot, "id" | "name"> & { pid?: number };
  timeoutMs: number;
  /** Variables the script may see besides CONTAINER_*: PATH and the allowed label variables. */
  baseEnv: Readonly<Record<string, string>>;
}

export interface ScriptResult {
  exitCode: number;
  output: string;
  durationMs: number;
}

/** How much of the script's output (its end) is kept for logs and the dead-letter queue. */
const OUTPUT_TAIL_BYTES = 64 * 1024;

/**
 * Runs the script directly (no shell) in a process group of its own; at the timeout the whole
 * group is killed. The job ends when the script exits: output goes to a file rather than a pipe,
 * so a background process it leaves running (and holding its stdout) cannot hold the job open.
 */
export async function runScript(run: ScriptRun): Promise<ScriptResult> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "dehandler-script-"));
  const outputPath = join(dir, "output");
  // A stream over an open file: the child gets the file descriptor itself, not a pipe that
  // execa would drain and wait on.
  const sink = (await open(outputPath, "a")).createWriteStream();
  try {
    const child = execa(run.path, [], {
      cwd: dirname(run.path),
      env: {
        ...run.baseEnv,
        CONTAINER_ID: run.container.id,
        CONTAINER_NAME: run.container.name,
        ...(run.container.pid === undefined ? {} : { CONTAINER_PID: String(run.container.pid) }),
      },
      extendEnv: false,
      detached: true,
      stdin: "ignore",
      stdout: sink,
      stderr: sink,
      reject: false,
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
    const result = await child;
    clearTimeout(timer);
    const output = await readTail(outputPath);
    if (timedOut || result.exitCode !== 0) {
      // With no exit code the script never ran (not found, not executable): execa says why.
      const detail = result.exitCode === undefined && !timedOut ? (result.shortMessage ?? output) : output;
      throw new ScriptError(run.path, result.exitCode, timedOut, detail, run.kind);
    }
    return { exitCode: 0, output, durationMs: Math.round(performance.now() - started) };
  } finally {
    await new Promise((resolve) => sink.end(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

async function readTail(path: string): Promise<string> {
  const file = await open(path, "r").catch(() => undefined);
  if (file === undefined) return "";
  try {
    const { size } = await file.stat();
    const length = Math.min(size, OUTPUT_TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    return (size > length ? "[…]\n" : "") + buffer.toString("utf8");
  } finally {
    await file.close();
  }
}
