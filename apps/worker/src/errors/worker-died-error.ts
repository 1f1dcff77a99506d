import { DehandlerError, type DeadLetterDetails } from "@dehandler/contract";

/**
 * The workers running this job died (or stopped renewing its lock) too many times: whatever it
 * does kills them, or their host keeps failing. It is not tried again until someone looks.
 */
export class WorkerDiedError extends DehandlerError {
  constructor(
    readonly deaths: number,
    /**
     * Who took it, oldest first ("host pid N (worker id) at time"), over its whole life (earlier
     * attempts, earlier retries); the last is this worker, the `deaths` before it died.
     */
    takers: readonly string[],
  ) {
    const died = takers.slice(-(deaths + 1), -1);
    super(
      `the worker running this job died ${deaths} times before finishing it (${died.length === 0 ? "workers not recorded" : died.join("; ")}); ` +
        "not tried again: find out why (a start script or command that kills the worker, a host that fails), then `dehandler dlq retry`",
      { category: "operational", permanent: true },
    );
    this.takers = takers.slice(-(deaths + 1));
  }

  /** The takes of the run that ended here: the workers that died, then this one. */
  readonly takers: readonly string[];

  override deadLetterDetails(): DeadLetterDetails {
    return { problems: this.takers.map((taker) => `taken by ${taker}`) };
  }
}
