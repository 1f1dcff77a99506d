import { DehandlerError } from "@dehandler/contract";

/** The engine reports a pid this worker cannot see: it runs in another pid namespace. */
export class PidNamespaceError extends DehandlerError {
  constructor(readonly pid: number) {
    super(`the container's pid ${pid} is not visible to the worker: run the worker in the host's pid namespace (pid: host)`, {
      category: "user-mistake",
      permanent: true,
    });
  }
}
