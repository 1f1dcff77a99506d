import { checkRedisSettings, connectionOptionsFor } from "@dehandler/contract";
import { createLogger, onShutdownSignal, runMain, startWithSettingsCheck } from "@dehandler/service";
import { createBoard, type Board } from "./create-board.js";
import { loadBoardConfig } from "./config.js";

const SHUTDOWN_DEADLINE_MS = 10_000;

runMain("dehandler-board", async () => {
  const config = loadBoardConfig(process.env);
  const logger = createLogger("dehandler-board", config.LOG_LEVEL);
  let board: Board | undefined;
  // First: a signal is obeyed even while the start waits for Redis.
  const shutdown = onShutdownSignal(async () => board?.close(), { logger, deadlineMs: SHUTDOWN_DEADLINE_MS });
  // The board holds no work: a refusal found even after it listens ends it (exit 2).
  await startWithSettingsCheck({
    check: (signal) => checkRedisSettings(connectionOptionsFor(config.redis, "dehandler-board"), { signal }),
    stopping: shutdown.signal,
    start: async () => {
      board = await createBoard(config, logger);
    },
  });
});
