import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
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

/** Uses the Redis at REDIS_URL (or the default) when it answers; otherwise starts a private one. */
export async function ensureRedis(): Promise<RedisHandle> {
  const wanted = process.env.REDIS_URL ?? DEFAULT_URL;
  if (await redisAnswers(wanted)) return { redisUrl: wanted, stop: async () => {} };

  const dir = await mkdtemp("/tmp/dhr-");
  const port = await freePort();
  const server = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"],
    { stdio: "ignore" },
  );
  server.once("error", () => undefined);
  const exited = new Promise((resolve) => server.once("exit", resolve));
  const redisUrl = `redis://127.0.0.1:${port}`;
  await waitFor(() => redisAnswers(redisUrl), { timeoutMs: 15_000, what: `private redis-server on port ${port}` });
  return {
    redisUrl,
    stop: async () => {
      server.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
