import { DehandlerError, type DeadLetterDetails } from "@dehandler/contract";
import type { PlannedCommand } from "@dehandler/labels";

/** One label part failed in the kernel (or timed out): worth retrying, the cause may pass. */
export class PartFailedError extends DehandlerError {
  readonly label: string;
  readonly partIndex: number;
  readonly partText: string;

  constructor(
    command: PlannedCommand,
    readonly argv: readonly string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    options: { cause: unknown },
  ) {
    const status = exitCode === undefined ? "timed out" : `exit ${exitCode}`;
    super(
      `${command.label} part ${command.partIndex} "${command.partText}" failed (${status}): ${stderr.trim() || "no output"}`,
      { category: "operational", permanent: false },
      options,
    );
    this.label = command.label;
    this.partIndex = command.partIndex;
    this.partText = command.partText;
  }

  override deadLetterDetails(): DeadLetterDetails {
    return {
      label: this.label,
      partIndex: this.partIndex,
      part: this.partText,
      argv: [...this.argv],
      ...(this.exitCode === undefined ? {} : { exitCode: this.exitCode }),
      stderr: this.stderr,
    };
  }
}
