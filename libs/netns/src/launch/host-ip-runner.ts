import { HostIpSession } from "./host-ip-session.js";
import type { ProcessRunner, ProgramRequest, ProgramOutcome, ScriptRequest, ScriptOutcome } from "./process-runner.js";

// The global options a host batch may carry (family, details, JSON).
const SESSION_OPTIONS = new Set(["-4", "-6", "-d", "-j"]);

/**
 * Serves host batches (`ip [options] -batch -` with input, on the host) from long-lived ip
 * sessions, one per set of options, and passes every other request, and every script, to `next`.
 */
export class HostIpRunner implements ProcessRunner {
  readonly #sessions = new Map<string, HostIpSession>();

  constructor(private readonly next: ProcessRunner) {}

  async run(request: ProgramRequest, signal?: AbortSignal): Promise<ProgramOutcome> {
    const options = sessionOptions(request);
    if (options === undefined) return await this.next.run(request, signal);
    const key = options.join(" ");
    let session = this.#sessions.get(key);
    if (session === undefined) {
      session = new HostIpSession(options);
      this.#sessions.set(key, session);
    }
    return await session.run(request.input ?? "", request.timeoutMs, signal);
  }

  async runScript(request: ScriptRequest): Promise<ScriptOutcome> {
    return await this.next.runScript(request);
  }

  close(): void {
    for (const session of this.#sessions.values()) session.close();
    this.#sessions.clear();
  }
}

/** The ip options (without -j, which sessions always use) when the request is a host batch. */
function sessionOptions(request: ProgramRequest): string[] | undefined {
  const [program, ...args] = request.argv;
  if (program !== "ip" || request.netnsFd !== undefined || request.input === undefined) return undefined;
  if (args.length < 2 || args.at(-2) !== "-batch" || args.at(-1) !== "-") return undefined;
  const options = args.slice(0, -2);
  if (!options.every((option) => SESSION_OPTIONS.has(option))) return undefined;
  return options.filter((option) => option !== "-j");
}
