import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { childEnv } from "./child-env.js";
import type { ProgramOutcome } from "./process-runner.js";

// After each request's lines: prints one JSON line that no other command of ours prints, so its
// arrival says that every line before it succeeded. The host always has lo, as ifindex 1.
const SENTINEL = "link show dev lo";
const SENTINEL_OUTPUT = /^\[\{"ifindex":1,"ifname":"lo"/;
const FAILED_LINE = /^Command failed -:(\d+)$/gm;

interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Lines written to it so far: ip numbers the lines it reports from its start. */
  linesSent: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdoutLines: string[];
  stderr: string;
  onLine: (() => void) | undefined;
}

/**
 * One long-lived `ip -j [options] -batch -` in the worker's (the host's) namespace, fed one
 * request at a time: host parts cost no process per job. Every request's lines are followed by a
 * sentinel; its output means they all succeeded. A failing line makes ip stop (no -force), as a
 * batch of its own would: the outcome then reads exactly like that batch's, with the line number
 * counted from the request's first line, and the next request starts a new ip.
 */
export class HostIpSession {
  #running: Running | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: readonly string[]) {}

  /** Aborting the signal kills the session's ip (like a timeout); the outcome then says canceled. */
  run(input: string, timeoutMs: number, signal?: AbortSignal): Promise<ProgramOutcome> {
    const result = this.#queue.then(() => this.#runNow(input, timeoutMs, signal));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    this.#running?.child.stdin.end();
    this.#running = undefined;
  }

  async #runNow(input: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<ProgramOutcome> {
    const started = performance.now();
    if (signal?.aborted === true) {
      const nothing = { exitCode: undefined, signal: undefined, stdout: "", stderr: "", timedOut: false, spawnError: undefined };
      return { ...nothing, durationMs: 0, canceled: true, reused: true };
    }
    const reused = this.#running !== undefined;
    const running = this.#running ?? this.#start();
    const offset = running.linesSent;
    const lines = input.split("\n").filter((line) => line.trim() !== "");
    running.stdoutLines = [];
    running.stderr = "";
    running.linesSent += lines.length + 1;
    running.child.stdin.write(`${lines.join("\n")}\n${SENTINEL}\n`);

    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const sentinel = new Promise<"done">((resolve) => {
      running.onLine = () => {
        if (running.stdoutLines.some((line) => SENTINEL_OUTPUT.test(line))) resolve("done");
      };
      running.onLine();
    });
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const aborted = new Promise<"canceled">((resolve) => {
      onAbort = () => resolve("canceled");
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    const ended = await Promise.race([sentinel, running.exited, timeout, aborted]);
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
    running.onLine = undefined;
    const base = { durationMs: performance.now() - started, canceled: ended === "canceled", spawnError: undefined, reused };
    if (ended === "done") {
      const stdout = running.stdoutLines.filter((line) => !SENTINEL_OUTPUT.test(line)).join("\n");
      return { ...base, exitCode: 0, signal: undefined, stdout, stderr: running.stderr.trimEnd(), timedOut: false };
    }
    this.#running = undefined;
    if (ended === "timeout" || ended === "canceled") {
      running.child.kill("SIGKILL");
      return { ...base, exitCode: undefined, signal: "SIGKILL", stdout: "", stderr: running.stderr.trimEnd(), timedOut: ended === "timeout" };
    }
    // ip stopped at a failing line: report it as the request's own batch would have.
    const stderr = running.stderr.replace(FAILED_LINE, (_, line: string) => `Command failed -:${Number(line) - offset}`).trimEnd();
    const stdout = running.stdoutLines.join("\n");
    return { ...base, exitCode: ended.code ?? undefined, signal: ended.signal ?? undefined, stdout, stderr, timedOut: false };
  }

  #start(): Running {
    const child = spawn("ip", [...this.options, "-j", "-batch", "-"], {
      stdio: ["pipe", "pipe", "pipe"],
      env: childEnv(),
    });
    const running: Running = {
      child,
      linesSent: 0,
      exited: new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal }))),
      stdoutLines: [],
      stderr: "",
      onLine: undefined,
    };
    let partial = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      running.stdoutLines.push(...parts);
      running.onLine?.();
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      running.stderr += chunk;
    });
    child.stdin.on("error", () => undefined);
    // A spawn failure (ip missing) surfaces as an exit without the sentinel.
    child.on("error", () => undefined);
    this.#running = running;
    return running;
  }
}
