/** Another job held the engine's host-change lock for longer than this one would wait: retried. */
export class HostLockTimeoutError extends Error {
  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`the host-change lock ${key} was not free within ${waitedMs} ms`);
    this.name = "HostLockTimeoutError";
  }
}
