import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// What the watcher may do: follow events, list and inspect containers, read the engine's info.
const ALLOWED = [/^\/_ping$/, /^\/version$/, /^\/info$/, /^\/events$/, /^\/containers\/json$/, /^\/containers\/[0-9a-zA-Z_.-]+\/json$/];

/**
 * A TCP endpoint in front of the engine's socket that passes only read requests the watcher
 * needs (as a docker-socket-proxy with EVENTS, CONTAINERS and INFO would) and answers 403 to
 * anything else, recording every request.
 */
export class ReadOnlyEngineProxy {
  readonly allowed: string[] = [];
  readonly refused: string[] = [];
  private server: Server | undefined;

  constructor(private readonly socketPath: string) {}

  async listen(): Promise<string> {
    const server = createServer((incoming, outgoing) => {
      const path = (incoming.url ?? "").split("?")[0]?.replace(/^\/v\d+\.\d+/, "") ?? "";
      const what = `${incoming.method ?? "?"} ${path}`;
      if (incoming.method !== "GET" && incoming.method !== "HEAD") {
        this.refused.push(what);
        outgoing.writeHead(403).end("refused by the read-only proxy\n");
        return;
      }
      if (!ALLOWED.some((pattern) => pattern.test(path))) {
        this.refused.push(what);
        outgoing.writeHead(403).end("refused by the read-only proxy\n");
        return;
      }
      this.allowed.push(what);
      const upstream = request({ socketPath: this.socketPath, path: incoming.url, method: incoming.method, headers: incoming.headers }, (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      });
      upstream.on("error", () => outgoing.destroy());
      outgoing.on("close", () => upstream.destroy());
      incoming.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.server = server;
    return `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    server?.closeAllConnections();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
