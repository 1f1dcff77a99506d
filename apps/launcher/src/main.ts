import { fileURLToPath } from "node:url";
import { createLogger, runMain } from "@dehandler/service";
import { loadLauncherConfig } from "./config.js";
import { DEFAULT_REDIS_URL, redisAnswers, startEmbeddedRedis } from "./embedded-redis.js";
import { supervise } from "./supervise.js";

// `npm start`: watcher and worker together against the local engine, with an embedded Redis
// when none is configured and none answers on the default address.
runMain("dehandler", async () => {
  const config = loadLauncherConfig(process.env);
  const logger = createLogger("dehandler", config.LOG_LEVEL);
  let redisUrl = config.REDIS_URL ?? DEFAULT_REDIS_URL;
  let embedded: Awaited<ReturnType<typeof startEmbeddedRedis>> | undefined;
  if (config.REDIS_URL === undefined && !(await redisAnswers(DEFAULT_REDIS_URL))) {
    embedded = await startEmbeddedRedis(config.DEHANDLER_DATA_DIR);
    redisUrl = embedded.url;
    logger.info({ dir: embedded.dir }, "no Redis answered at redis://127.0.0.1:6379; started an embedded redis-server with append-only persistence");
  }
  const exitCode = await supervise(
    [
      { name: "watcher", entry: fileURLToPath(import.meta.resolve("@dehandler/watcher")) },
      { name: "worker", entry: fileURLToPath(import.meta.resolve("@dehandler/worker")) },
    ],
    { ...process.env, REDIS_URL: redisUrl },
    logger,
  );
  await embedded?.stop();
  process.exit(exitCode);
});
