/** A program could not be started at all: usually `ip` or `nsenter` is not installed or not on PATH. */
export class CommandSpawnError extends Error {
  readonly argv: string[];
  /** The program that could not be executed (may be the one nsenter tried to run inside the namespace). */
  readonly binary: string;

  constructor(argv: string[], binary: string, reason: string, options?: ErrorOptions) {
    super(`cannot execute ${binary}: ${reason} (command: ${argv.join(" ")})`, options);
    this.name = "CommandSpawnError";
    this.argv = argv;
    this.binary = binary;
  }
}
