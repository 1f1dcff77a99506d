/** The namespace file no longer exists (container stopped, pid exited) or no longer holds a namespace. */
export class NetnsGoneError extends Error {
  readonly path: string;

  constructor(path: string, reason: string, options?: ErrorOptions) {
    super(`network namespace ${path} is gone: ${reason}`, options);
    this.name = "NetnsGoneError";
    this.path = path;
  }
}
