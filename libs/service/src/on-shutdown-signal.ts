import type { Logger } from "pino";

export interface ShutdownOptions {
  logger: Logger;
  /**
   * How long the shutdown may take before the process exits anyway (exit 1), whatever it waits
   * for: a Redis that refuses or is away, an engine that does not answer.
   */
  deadlineMs: number;
}

export interface ShutdownState {
  /** Set once a signal came: a start-up still under way should give up, not report a failure. */
  readonly signal: AbortSignal;
}

/**
 * Runs `shutdown` once on the first SIGTERM or SIGINT, saying so in the log; exits 0 when it
 * is done, 1 when it fails or outlasts the deadline. A second signal while it runs exits at once,
 * for the operator who really means it. Registered first thing, so a signal during start-up is
 * obeyed too.
 */
export function onShutdownSignal(shutdown: (signal: NodeJS.Signals) => Promise<void>, options: ShutdownOptions): ShutdownState {
  const stopping = new AbortController();
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping.signal.aborted) {
      options.logger.warn({ signal }, "second signal while stopping; exiting now");
      process.exit(130);
    }
    stopping.abort();
    options.logger.info({ signal, deadlineMs: options.deadlineMs }, "stopping");
    setTimeout(() => {
      options.logger.error({ deadlineMs: options.deadlineMs }, "did not stop within the shutdown deadline; exiting anyway");
      process.exit(1);
    }, options.deadlineMs).unref();
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        options.logger.error({ err: error }, "stopping failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handle);
  process.on("SIGINT", handle);
  return { signal: stopping.signal };
}
