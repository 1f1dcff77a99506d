/** A sysctl could not be written in the namespace (no such key there, a value the kernel refuses). */
export class SysctlWriteError extends Error {
  constructor(
    readonly key: string,
    readonly argv: string[],
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(`sysctl ${key} could not be written (exit ${exitCode}): ${stderr.trim() || "(no stderr)"}`);
    this.name = "SysctlWriteError";
  }
}
