import { createConnection, createServer, type Server, type Socket } from "node:net";
import { rm } from "node:fs/promises";

/**
 * A unix-socket relay in front of the engine's socket that a test can cut and restore: from the
 * watcher's side it looks exactly like the engine going away and coming back.
 */
export class SocketProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly path: string,
    private readonly targetPath: string,
  ) {}

  async listen(): Promise<void> {
    await rm(this.path, { force: true });
    const server = createServer((client) => {
      const upstream = createConnection(this.targetPath);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.path, resolve));
    this.server = server;
  }

  /** Drops every open connection and refuses new ones until `listen` is called again. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.path, { force: true });
  }
}

/** A socket that accepts connections and never answers: an engine that hangs. */
export async function listenSilently(path: string): Promise<{ close(): Promise<void> }> {
  await rm(path, { force: true });
  const held = new Set<Socket>();
  const server = createServer((socket) => {
    held.add(socket);
    socket.on("error", () => undefined);
    socket.on("close", () => held.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    close: async () => {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(path, { force: true });
    },
  };
}
