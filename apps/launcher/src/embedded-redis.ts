import { execa, type ResultPromise } from "execa";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { probeRedis, redisConnectionOptions } from "@dehandler/contract";
import { DEFAULT_REDIS_URL } from "@dehandler/service";

/** Whether a Redis answers PING at `url` within a second; `ca` trusts a private CA for rediss://. */
export function redisAnswers(url: string, ca?: string): Promise<boolean> {
  return probeRedis(redisConnectionOptions(url, "dehandler-launcher", { ca }), 1000).then(
    () => true,
    () => false,
  );
}

export interface EmbeddedRedis {
  url: string;
  dir: string;
  stop(): Promise<void>;
}

/**
 * A private redis-server on 127.0.0.1:6379 with the settings queues need: append-only
 * persistence (jobs survive a restart) and no eviction (a full Redis refuses, never drops jobs).
 */
export async function startEmbeddedRedis(dataDir: string): Promise<EmbeddedRedis> {
  const dir = join(dataDir, "redis");
  await mkdir(dir, { recursive: true });
  const server: ResultPromise = execa(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", "6379", "--dir", dir, "--appendonly", "yes", "--save", "", "--maxmemory-policy", "noeviction"],
    { stdin: "ignore", stdout: "ignore", stderr: "pipe", reject: false, cleanup: true },
  );
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (await redisAnswers(DEFAULT_REDIS_URL)) {
      return {
        url: DEFAULT_REDIS_URL,
        dir,
        stop: async () => {
          server.kill("SIGTERM");
          await server;
        },
      };
    }
    if (server.exitCode !== null) break;
    await sleep(100);
  }
  server.kill("SIGKILL");
  const result = await server;
  const stderr = typeof result.stderr === "string" ? result.stderr.trim() : "";
  const reason = result.failed && result.exitCode === undefined ? result.shortMessage : stderr || "no answer within 10 s";
  throw new Error(`could not start the embedded redis-server (install Debian's redis-server, or set REDIS_URL): ${reason}`);
}
