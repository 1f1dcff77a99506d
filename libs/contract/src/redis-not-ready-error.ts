/** The Redis connection is not up (connecting, reconnecting, closed): nothing was sent. */
export class RedisNotReadyError extends Error {
  constructor(readonly status: string) {
    super(`redis connection is ${status}; expected ready`);
    this.name = "RedisNotReadyError";
  }
}
