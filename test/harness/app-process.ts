import { execa, type ResultPromise } from "execa";
import { createInterface } from "node:readline";
import { waitFor } from "./wait-for.js";

export type AppName = "watcher" | "worker" | "board" | "launcher";

const ENTRY: Record<AppName, string> = {
  watcher: "apps/watcher/dist/main.js",
  worker: "apps/worker/dist/main.js",
  board: "apps/board/dist/main.js",
  launcher: "apps/launcher/dist/main.js",
};
// The launcher's children write to its stdout: it is ready when its worker is.
const READY: Record<AppName, string> = {
  watcher: "following container events",
  worker: "worker taking jobs",
  board: "board listening",
  launcher: "worker taking jobs",
};

/**
 * A dehandler process as the real, built process — so faults can be real signals — with its
 * JSON log lines collected for assertions.
 */
export class AppProcess {
  readonly lines: Record<string, unknown>[] = [];
  readonly stderr: string[] = [];
  private readonly child: ResultPromise<{ env: Record<string, string>; extendEnv: false; reject: false; all: false }>;

  constructor(
    readonly app: AppName,
    env: Record<string, string>,
  ) {
    // No ops server unless a test asks for one: tests run several processes side by side, and a
    // dehandler may be running on the same host with the default ports.
    const defaults = { PATH: process.env.PATH ?? "", DEHANDLER_METRICS_PORT: "0" };
    this.child = execa(process.execPath, [ENTRY[app]], { env: { ...defaults, ...env }, extendEnv: false, reject: false, all: false });
    if (this.child.stdout) {
      createInterface({ input: this.child.stdout }).on("line", (line) => {
        try {
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          this.lines.push({ msg: line });
        }
      });
    }
    this.child.stderr?.on("data", (chunk: Buffer) => this.stderr.push(chunk.toString()));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  withMessage(msg: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.msg === msg);
  }

  async ready(timeoutMs = 20_000): Promise<this> {
    await waitFor(() => this.withMessage(READY[this.app]).length > 0 || !this.running, { what: `${this.app} to be ready`, timeoutMs });
    if (!this.running) throw new Error(`${this.app} exited before it was ready: ${this.stderr.join("")}`);
    return this;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async exited(): Promise<{ exitCode: number | undefined; signal: string | undefined }> {
    const result = await this.child;
    return { exitCode: result.exitCode, signal: result.signal };
  }
}
