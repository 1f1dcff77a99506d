export const EXIT = {
  ok: 0,
  /** Lint errors, a missing container or entry, an unreachable engine or Redis. */
  failure: 1,
  /** Bad command line or bad setting: nothing was attempted. */
  usage: 2,
} as const;

/** Ends the command with one line on stderr and the given exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = "UsageError";
  }
}
