import { fileURLToPath } from "node:url";
import { createLogger, DEFAULT_REDIS_URL, runMain } from "@dehandler/service";
import { loadLauncherConfig } from "./config.js";
import { redisAnswers, startEmbeddedRedis } from "./embedded-redis.js";
import { supervise } from "./supervise.js";

// `npm start`: watcher and worker together against the local engine, with an embedded Redis
// when none is configured and none answers on the default address.
runMain("dehandler", async () => {
  const config = loadLauncherConfig(process.env);
  const logger = createLogger("dehandler", config.LOG_LEVEL);
  let embedded: Awaited<ReturnType<typeof startEmbeddedRedis>> | undefined;
  const env: Record<string, string | undefined> = { ...process.env };
  if (!config.redisConfigured && !(await redisAnswers(DEFAULT_REDIS_URL))) {
    embedded = await startEmbeddedRedis(config.DEHANDLER_DATA_DIR);
    env.REDIS_URL = embedded.url;
    logger.info({ dir: embedded.dir }, "no Redis answered at redis://127.0.0.1:6379; started an embedded redis-server with append-only persistence");
  }
  const exitCode = await supervise(
    [
      { name: "watcher", entry: fileURLToPath(import.meta.resolve("@dehandler/watcher")), env: config.childEnv.watcher },
      { name: "worker", entry: fileURLToPath(import.meta.resolve("@dehandler/worker")), env: config.childEnv.worker },
    ],
    env,
    logger,
    config.killAfterMs,
  );
  await embedded?.stop();
  process.exit(exitCode);
});
