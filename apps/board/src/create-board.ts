import { createBullBoard } from "@bull-board/api";
import { ExpressAdapter } from "@bull-board/express";
import { connectionOptionsFor, QueueDiscovery } from "@dehandler/contract";
import { throttledErrorLog, type Logger } from "@dehandler/service";
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basicAuth } from "./basic-auth.js";
import type { BoardConfig } from "./config.js";
import { QueueRegistry } from "./queue-registry.js";

export interface Board {
  /** Where the board answers, e.g. http://127.0.0.1:3000/ (the port actually bound). */
  readonly url: string;
  /** Rescans Redis for queues now instead of waiting for the next scan. */
  refresh(): Promise<void>;
  /** Stops listening and closes every Redis connection; a second call returns the first promise. */
  close(): Promise<void>;
}

export async function createBoard(config: BoardConfig, logger: Logger): Promise<Board> {
  const log = logger.child({ component: "board" });
  const connection = connectionOptionsFor(config.redis, "dehandler-board");
  const discovery = new QueueDiscovery(connection);
  discovery.onError(throttledErrorLog(log, "redis connection error (discovery)"));

  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath("/");
  const board = createBullBoard({
    queues: [],
    serverAdapter,
    options: { uiConfig: { boardTitle: "dehandler", hideDocsLink: true, menu: { width: "380px" } } },
  });
  const registry = new QueueRegistry(discovery, board, log, throttledErrorLog(log, "redis connection error (queues)"));

  const app = express();
  app.disable("x-powered-by");
  if (config.DEHANDLER_BOARD_USER !== undefined && config.DEHANDLER_BOARD_PASSWORD !== undefined) {
    app.use(basicAuth({ user: config.DEHANDLER_BOARD_USER, password: config.DEHANDLER_BOARD_PASSWORD }));
  }
  app.use("/", serverAdapter.getRouter() as express.Router);

  await registry.refresh();
  registry.startPolling(config.DEHANDLER_BOARD_DISCOVERY_MS);

  let server: Server;
  try {
    server = await listen(app, config.DEHANDLER_BOARD_HOST, config.DEHANDLER_BOARD_PORT);
  } catch (error) {
    await Promise.allSettled([registry.close(), discovery.close()]);
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;
  log.info({ url, queues: registry.queueNames, authentication: config.DEHANDLER_BOARD_USER !== undefined }, "board listening");

  let closing: Promise<void> | undefined;
  return {
    url,
    refresh: () => registry.refresh(),
    close: () => {
      closing ??= (async () => {
        // Browsers hold keep-alive connections open; they must not keep the process alive.
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.allSettled([stopped, registry.close()]);
        await discovery.close();
        log.info("board stopped");
      })();
      return closing;
    },
  };
}

function listen(app: express.Express, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => {
      if (error === undefined) resolve(server);
      else reject(error);
    });
  });
}
