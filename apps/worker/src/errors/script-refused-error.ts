import { DehandlerError, type DeadLetterDetails } from "@dehandler/contract";

/** A `start.<name>` (or `stop.<name>`) file exists but fails a safety check: it is not run, and no retry helps. */
export class ScriptRefusedError extends DehandlerError {
  constructor(
    readonly path: string,
    readonly check: string,
    readonly kind: "start" | "stop" = "start",
  ) {
    super(`${kind} script ${path} refused: ${check}`, { category: "user-mistake", permanent: true });
  }

  override deadLetterDetails(): DeadLetterDetails {
    return { argv: [this.path] };
  }
}
