/** Port already taken, or an address the host does not have: the process stops at start. */
export class OpsServerListenError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `cannot listen on ${host}:${port} for /healthz, /readyz and /metrics (${code ?? "unknown error"}); expected a free port (DEHANDLER_METRICS_PORT, 0 turns the server off)`,
      options,
    );
    this.name = "OpsServerListenError";
  }
}
