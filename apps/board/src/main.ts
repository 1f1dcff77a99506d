import { createLogger, onShutdownSignal, runMain } from "@dehandler/service";
import { createBoard } from "./create-board.js";
import { loadBoardConfig } from "./config.js";

runMain("dehandler-board", async () => {
  const config = loadBoardConfig(process.env);
  const logger = createLogger("dehandler-board", config.LOG_LEVEL);
  const board = await createBoard(config, logger);
  onShutdownSignal(() => board.close());
});
