import type { ProcessRunner, ProgramOutcome, ProgramRequest, ScriptOutcome, ScriptRequest } from "@dehandler/netns";

/** A program that ran and exited 0 with no output: what the fake answers unless told otherwise. */
const EXITED_0: ProgramOutcome = {
  exitCode: 0,
  signal: undefined,
  stdout: "",
  stderr: "",
  durationMs: 1,
  timedOut: false,
  canceled: false,
  spawnError: undefined,
};

const SCRIPT_EXITED_0: ScriptOutcome = {
  exitCode: 0,
  signal: undefined,
  output: "",
  outputBytes: 0,
  durationMs: 1,
  timedOut: false,
  spawnError: undefined,
};

/** How the fake answers one program: any field left out is that of a clean exit 0. */
export type ProgramAnswer = (request: ProgramRequest) => Partial<ProgramOutcome>;

/** Starts nothing: records every request, and answers from `answer` (programs) and `answerScript`. */
export class FakeRunner implements ProcessRunner {
  readonly programs: ProgramRequest[] = [];
  readonly scripts: ScriptRequest[] = [];

  constructor(
    private readonly answer: ProgramAnswer = () => ({}),
    private readonly answerScript: (request: ScriptRequest) => Partial<ScriptOutcome> = () => ({}),
  ) {}

  /** The argv of every program run so far, in order. */
  get argvs(): string[][] {
    return this.programs.map((request) => [...request.argv]);
  }

  run(request: ProgramRequest): Promise<ProgramOutcome> {
    this.programs.push(request);
    return Promise.resolve({ ...EXITED_0, ...this.answer(request) });
  }

  runScript(request: ScriptRequest): Promise<ScriptOutcome> {
    this.scripts.push(request);
    return Promise.resolve({ ...SCRIPT_EXITED_0, ...this.answerScript(request) });
  }
}

/** The `ip` arguments a program runs (after any nsenter prefix), or undefined for another program. */
export function ipArgs(request: ProgramRequest): string | undefined {
  const at = request.argv.indexOf("ip");
  return at === -1 ? undefined : request.argv.slice(at + 1).join(" ");
}
