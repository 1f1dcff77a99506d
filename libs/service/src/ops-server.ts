import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { OpsServerListenError } from "./ops-server-listen-error.js";
import { runReadinessChecks, type ReadinessCheck } from "./readiness.js";

export interface OpsServerOptions {
  host: string;
  /** 0 is refused here: the caller decides that 0 means "no server" and does not start one. */
  port: number;
  registry: Registry;
  readiness: readonly ReadinessCheck[];
  /** False once the process's main loop has ended (or is ending): /healthz then answers 503. */
  alive: () => boolean;
  /** Longest wait for each readiness check. */
  checkTimeoutMs?: number;
  logger: Logger;
}

const DEFAULT_CHECK_TIMEOUT_MS = 2000;

/**
 * /healthz (alive), /readyz (Redis and the engine answer) and /metrics (Prometheus text format),
 * over plain HTTP: the endpoints carry no secret, and listen on loopback unless told otherwise.
 */
export class OpsServer {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(options: OpsServerOptions): Promise<OpsServer> {
    const server = createServer((request, response) => {
      handle(options, request, response).catch((error: unknown) => {
        options.logger.warn({ err: error, path: request.url }, "ops endpoint failed");
        if (!response.headersSent) send(response, 500, "text/plain; charset=utf-8", "internal error\n");
        else response.destroy();
      });
    });
    // Scrapers keep connections open; a stuck one must not hold the process at shutdown.
    server.keepAliveTimeout = 5000;
    server.requestTimeout = 10_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) =>
        reject(new OpsServerListenError(options.host, options.port, error.code, { cause: error })),
      );
      server.listen({ host: options.host, port: options.port }, () => resolve());
    });
    server.on("error", (error) => options.logger.warn({ err: error }, "ops server error"));
    const address = server.address() as AddressInfo;
    options.logger.info({ host: address.address, port: address.port, endpoints: ["/healthz", "/readyz", "/metrics"] }, "ops server listening");
    return new OpsServer(server, address.address, address.port);
  }

  /** Stops listening and drops open connections; a second call returns the first promise. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }
}

async function handle(options: OpsServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0];
  if (request.method !== "GET" && request.method !== "HEAD") {
    response.setHeader("Allow", "GET, HEAD");
    send(response, 405, "text/plain; charset=utf-8", "method not allowed\n");
    return;
  }
  switch (path) {
    case "/healthz": {
      const alive = options.alive();
      sendJson(response, alive ? 200 : 503, { status: alive ? "alive" : "stopped" });
      return;
    }
    case "/readyz": {
      const report = await runReadinessChecks(options.readiness, options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS);
      const checks = Object.fromEntries(report.checks.map((check) => [check.name, check.ok ? "ok" : check.error]));
      sendJson(
        response,
        report.ready ? 200 : 503,
        report.ready ? { status: "ready", checks } : { status: "not ready", failed: report.failed, checks },
      );
      return;
    }
    case "/metrics": {
      const body = await options.registry.metrics();
      send(response, 200, options.registry.contentType, body);
      return;
    }
    default:
      send(response, 404, "text/plain; charset=utf-8", "not found; try /healthz, /readyz or /metrics\n");
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, "application/json", `${JSON.stringify(body)}\n`);
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "Content-Type": contentType, "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}
