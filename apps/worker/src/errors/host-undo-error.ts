import { DehandlerError, type DeadLetterDetails } from "@dehandler/contract";

/** Undoing a host change of a container that ended failed: retried, the record is kept until it succeeds. */
export class HostUndoError extends DehandlerError {
  constructor(
    readonly label: string,
    readonly partText: string,
    readonly argv: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    options: { cause: unknown },
  ) {
    super(
      `undoing ${label} part "${partText}" (${argv.join(" ")}) failed (${exitCode === undefined ? "timed out" : `exit ${exitCode}`}): ${stderr.trim() || "no output"}`,
      { category: "operational", permanent: false },
      options,
    );
  }

  override deadLetterDetails(): DeadLetterDetails {
    return {
      label: this.label,
      part: this.partText,
      argv: [...this.argv],
      ...(this.exitCode === undefined ? {} : { exitCode: this.exitCode }),
      stderr: this.stderr,
    };
  }
}
