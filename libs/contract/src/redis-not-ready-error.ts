/** The Redis connection is not up (connecting, reconnecting, closed): nothing was sent. */
export class RedisNotReadyError extends Error {
  constructor(
    readonly status: string,
    /** What the connection last heard, naming the setting when no retry can fix it. */
    readonly lastError?: string,
  ) {
    super(`redis connection is ${status}; expected ready${lastError === undefined ? "" : ` (last error: ${lastError})`}`);
    this.name = "RedisNotReadyError";
  }
}
