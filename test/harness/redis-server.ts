import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { Redis } from "ioredis";
import { redisAnswers } from "../../apps/launcher/src/embedded-redis.js";
import { waitFor } from "./wait-for.js";

export interface RedisHandle {
  redisUrl: string;
  stop(): Promise<void>;
}

const DEFAULT_URL = "redis://127.0.0.1:6379";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One command to a loopback Redis (or sentinel) of a test's own; undefined when it does not answer. */
export async function askRedis<T>(port: number, command: string, ...args: string[]): Promise<T | undefined> {
  const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.call(command, ...args)) as T;
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

export interface RedisServerOptions {
  dir: string;
  port: number;
  /** Append-only persistence, as the compose file runs it: waiting jobs survive a restart. */
  appendOnly: boolean;
  /** `--requirepass`: clients must authenticate; the URL carries it as `:password@`. */
  password?: string;
  /** TLS only (the plain port is off); clients need no certificate of their own. */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

/** A redis-server of the test's own, on loopback; `stop` shuts it down cleanly (SIGTERM). */
export async function startRedisServer(options: RedisServerOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const security = [
    ...(options.password === undefined ? [] : ["--requirepass", options.password]),
    ...(options.tls === undefined
      ? ["--port", String(options.port)]
      : [
          "--port",
          "0",
          "--tls-port",
          String(options.port),
          "--tls-cert-file",
          options.tls.certFile,
          "--tls-key-file",
          options.tls.keyFile,
          "--tls-ca-cert-file",
          options.tls.caFile,
          "--tls-auth-clients",
          "no",
        ]),
  ];
  const server = spawn(
    "redis-server",
    [
      ...security,
      "--bind",
      "127.0.0.1",
      "--dir",
      options.dir,
      "--save",
      "",
      "--appendonly",
      options.appendOnly ? "yes" : "no",
      "--maxmemory-policy",
      "noeviction",
    ],
    { stdio: "ignore" },
  );
  server.once("error", () => undefined);
  const exited = new Promise((resolve) => server.once("exit", resolve));
  const auth = options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`;
  const url = `${options.tls === undefined ? "redis" : "rediss"}://${auth}127.0.0.1:${options.port}`;
  const ca = options.tls === undefined ? undefined : await readFile(options.tls.caFile, "utf8");
  try {
    await waitFor(() => redisAnswers(url, ca), { timeoutMs: 15_000, what: `redis-server on port ${options.port}` });
  } catch (error) {
    server.kill("SIGKILL");
    await exited;
    throw error;
  }
  return {
    url,
    stop: async () => {
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
      await exited;
    },
  };
}

/** Uses the Redis at REDIS_URL (or the default) when it answers; otherwise starts a private one. */
export async function ensureRedis(): Promise<RedisHandle> {
  const wanted = process.env.REDIS_URL ?? DEFAULT_URL;
  if (await redisAnswers(wanted)) return { redisUrl: wanted, stop: async () => {} };

  const dir = await mkdtemp("/tmp/dhr-");
  const server = await startRedisServer({ dir, port: await freePort(), appendOnly: false });
  return {
    redisUrl: server.url,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
