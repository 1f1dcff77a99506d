/** An `ip` command failed in a way that re-running it will not fix (bad gateway, missing device, ...). */
export class IpCommandError extends Error {
  readonly argv: string[];
  readonly exitCode: number;
  readonly stderr: string;
  readonly stdout: string;

  constructor(details: { args: readonly string[]; argv: string[]; exitCode: number; stdout: string; stderr: string }) {
    const reason = details.stderr.trim() || "(no stderr)";
    super(`ip ${details.args.join(" ")} failed (exit ${details.exitCode}): ${reason}`);
    this.name = "IpCommandError";
    this.argv = details.argv;
    this.exitCode = details.exitCode;
    this.stderr = details.stderr;
    this.stdout = details.stdout;
  }
}
