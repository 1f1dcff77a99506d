/** A closed NetnsHandle was used: its fd may already belong to another file, so it is never passed on. */
export class NetnsHandleClosedError extends Error {
  readonly path: string;

  constructor(path: string) {
    super(`the handle on network namespace ${path} is closed; open a new one`);
    this.name = "NetnsHandleClosedError";
    this.path = path;
  }
}
