import { setTimeout as sleep } from "node:timers/promises";

export interface BackoffOptions {
  /** The first wait; each further one is twice as long. */
  firstMs: number;
  /** The longest wait. */
  maxMs: number;
}

/**
 * The waits between tries to reach something that is away (an engine, Redis): `firstMs`,
 * doubling up to `maxMs`, and the failures since the last success, for one log line each.
 */
export class Backoff {
  private delay: number;
  private failureCount = 0;

  constructor(private readonly options: BackoffOptions) {
    this.delay = options.firstMs;
  }

  /** Failed tries since the last success. */
  get failures(): number {
    return this.failureCount;
  }

  /** Counts a failed try; returns what its log line says: the count and the coming wait. */
  failed(): { failures: number; retryInMs: number } {
    this.failureCount += 1;
    return { failures: this.failureCount, retryInMs: this.delay };
  }

  /** A try got through: the next failure is a first one again, waited for `firstMs`. */
  succeeded(): void {
    this.failureCount = 0;
    this.delay = this.options.firstMs;
  }

  /** Waits the current delay, or until `signal` aborts (never rejects), then doubles it. */
  async wait(signal: AbortSignal): Promise<void> {
    await sleep(this.delay, undefined, { signal }).catch(() => undefined);
    this.delay = Math.min(this.delay * 2, this.options.maxMs);
  }
}
