import { checkRedisSettings, connectionOptionsFor } from "@dehandler/contract";
import { ConfigError, createLogger, onShutdownSignal, runMain } from "@dehandler/service";
import { createBoard, type Board } from "./create-board.js";
import { loadBoardConfig } from "./config.js";

const SHUTDOWN_DEADLINE_MS = 10_000;

runMain("dehandler-board", async () => {
  const config = loadBoardConfig(process.env);
  const logger = createLogger("dehandler-board", config.LOG_LEVEL);
  let board: Board | undefined;
  // First: a signal is obeyed even while the start waits for Redis.
  const shutdown = onShutdownSignal(async () => board?.close(), { logger, deadlineMs: SHUTDOWN_DEADLINE_MS });
  const settingsChecked = checkRedisSettings(connectionOptionsFor(config.redis, "dehandler-board"), { signal: shutdown.signal }).then((problem) => {
    if (problem !== undefined) throw new ConfigError(problem.variable, problem.expected, problem.received);
  });
  const created = createBoard(config, logger).then((created) => {
    board = created;
  });
  try {
    await Promise.all([settingsChecked, created]);
  } catch (error) {
    if (shutdown.signal.aborted && !(error instanceof ConfigError)) return;
    throw error;
  }
});
