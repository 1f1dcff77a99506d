import { DehandlerError } from "@dehandler/contract";

/**
 * The container shares the worker's own network namespace (network_mode: host, or a worker that
 * is not in the host's pid namespace): its container labels would rewrite the host's networking.
 */
export class HostNamespaceError extends DehandlerError {
  constructor(readonly containerName: string) {
    super(
      `container ${containerName} shares the worker's network namespace (network_mode: host?); ` +
        "refusing to apply docker-events.address/route/rule there; use docker-events.host-route for host routes",
      { category: "user-mistake", permanent: true },
    );
  }
}
