/** A command ran past its deadline; it was killed with SIGKILL and had exited when this was thrown. */
export class CommandTimeoutError extends Error {
  readonly argv: string[];
  readonly timeoutMs: number;

  constructor(argv: string[], timeoutMs: number) {
    super(`${argv.join(" ")} did not finish within ${timeoutMs} ms and was killed`);
    this.name = "CommandTimeoutError";
    this.argv = argv;
    this.timeoutMs = timeoutMs;
  }
}
