import { DehandlerError } from "./dehandler-error.js";

/** Another job held the engine's host-change lock for longer than this one would wait: retried. */
export class HostLockTimeoutError extends DehandlerError {
  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`the host-change lock ${key} was not free within ${waitedMs} ms`, { category: "operational", permanent: false });
  }
}
