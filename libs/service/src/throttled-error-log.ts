import type { Logger } from "pino";

/**
 * A listener for repeated connection errors (a client retrying while Redis is down emits one
 * every few hundred ms): logs the first at once, then at most one line per interval, counting
 * what it held back, so an outage reads as a few lines rather than a flood.
 */
export function throttledErrorLog(logger: Logger, message: string, intervalMs = 60_000): (error: Error) => void {
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastLoggedAt < intervalMs) {
      suppressed += 1;
      return;
    }
    logger.warn({ error: error.message, suppressedSinceLast: suppressed }, message);
    lastLoggedAt = now;
    suppressed = 0;
  };
}
