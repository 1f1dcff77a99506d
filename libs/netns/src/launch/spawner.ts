import { execaNode, type ResultPromise } from "execa";
import { fileURLToPath } from "node:url";
import { childEnv } from "./child-env.js";
import type { ProcessRunner, ProgramOutcome, ProgramRequest, ScriptOutcome, ScriptRequest } from "./process-runner.js";
import type { SpawnerAnswer, SpawnerRequest } from "./spawner-protocol.js";

const DEFAULT_ENTRY = fileURLToPath(new URL("./spawner-main.js", import.meta.url));
// A small heap: the spawner's own forks stay cheap.
const NODE_OPTIONS = ["--max-old-space-size=32", "--max-semi-space-size=1"] as const;

const SPAWNER_OPTIONS = {
  ipc: true,
  serialization: "json",
  nodeOptions: NODE_OPTIONS,
  stdio: ["ignore", "ignore", "inherit"],
  // The helper gets the same bare environment as the programs it starts.
  env: childEnv(),
  extendEnv: false,
  reject: false,
} as const;
type SpawnerChild = ResultPromise<typeof SPAWNER_OPTIONS>;

interface Pending {
  resolve: (answer: SpawnerAnswer) => void;
  reject: (error: Error) => void;
}

/**
 * Starts programs and scripts through the spawner helper process (spawner-main.ts), started on
 * first use and again if it ever dies; requests in flight when it dies fail, and a job retrying
 * them gets a new one.
 */
export class Spawner implements ProcessRunner {
  #child: SpawnerChild | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  constructor(private readonly entry: string = DEFAULT_ENTRY) {}

  /** Aborting the signal has the helper kill the program; its outcome then says canceled. */
  readonly run = async (request: ProgramRequest, signal?: AbortSignal): Promise<ProgramOutcome> => {
    const answer = await this.#ask((id) => ({ id, request }), signal);
    if (!("outcome" in answer)) throw new Error("the spawner answered a program request with something else");
    return answer.outcome;
  };

  /** Runs a start or stop script (process group, timeout, output tail: see launch-script.ts). */
  readonly runScript = async (script: ScriptRequest): Promise<ScriptOutcome> => {
    const answer = await this.#ask((id) => ({ id, script }));
    if (!("script" in answer)) throw new Error("the spawner answered a script request with something else");
    return answer.script;
  };

  async #ask(message: (id: number) => SpawnerRequest, signal?: AbortSignal): Promise<SpawnerAnswer> {
    if (this.#closed) throw new Error("the spawner is closed");
    const child = this.#running();
    const id = this.#nextId++;
    const answer = new Promise<SpawnerAnswer>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    await child.sendMessage(message(id) as never);
    if (signal === undefined) return await answer;
    // A helper gone meanwhile fails the answer anyway.
    const cancel = (): void => void child.sendMessage({ id, cancel: true }).catch(() => undefined);
    if (signal.aborted) cancel();
    else signal.addEventListener("abort", cancel, { once: true });
    try {
      return await answer;
    } finally {
      signal.removeEventListener("abort", cancel);
    }
  }

  /** Starts the helper now rather than on the first request, which would otherwise wait for it. */
  start(): void {
    if (!this.#closed) void this.#running();
  }

  /** The helper's pid, once it runs. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const child = this.#child;
    if (child === undefined) return;
    child.disconnect();
    await child.catch(() => undefined);
  }

  #running(): SpawnerChild {
    if (this.#child !== undefined) return this.#child;
    const child = execaNode(this.entry, [], SPAWNER_OPTIONS);
    this.#child = child;
    void this.#readAnswers(child);
    void child.then(() => this.#gone(child));
    return child;
  }

  async #readAnswers(child: SpawnerChild): Promise<void> {
    try {
      for await (const message of child.getEachMessage()) {
        const answer = message as unknown as SpawnerAnswer;
        const pending = this.#pending.get(answer.id);
        if (pending === undefined) continue;
        this.#pending.delete(answer.id);
        if ("error" in answer) pending.reject(new Error(`the spawner could not run the program: ${answer.error}`));
        else pending.resolve(answer);
      }
    } catch {
      // The channel broke: #gone fails whatever is still pending.
    }
  }

  #gone(child: SpawnerChild): void {
    if (this.#child === child) this.#child = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of pending) reject(new Error("the spawner exited while a program was running; it is started again on the next request"));
  }
}
