import { DehandlerError, type DeadLetterDetails } from "@dehandler/contract";

/** The start (or stop) script exited non-zero or ran past its timeout. */
export class ScriptError extends DehandlerError {
  constructor(
    readonly path: string,
    readonly exitCode: number | undefined,
    readonly timedOut: boolean,
    readonly output: string,
    readonly kind: "start" | "stop" = "start",
    /** The signal that ended it, when one did. */
    readonly signal?: string,
  ) {
    const status = timedOut
      ? "timed out and was killed"
      : exitCode !== undefined
        ? `exited with ${exitCode}`
        : signal !== undefined
          ? `was killed by ${signal}`
          : "could not be started";
    const tail = output.trim() === "" ? "no output" : output.trim().slice(-2000);
    super(`${kind} script ${path} ${status}: ${tail}`, { category: "user-mistake", permanent: false });
  }

  override deadLetterDetails(): DeadLetterDetails {
    return { argv: [this.path], ...(this.exitCode === undefined ? {} : { exitCode: this.exitCode }), output: this.output.slice(-8192) };
  }
}
