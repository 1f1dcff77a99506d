import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "@dehandler/service";

// Docker's own rule for container names; anything else (a "/", "..") can never select a file.
const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The executable `start.<container-name>` in the scripts folder, if there is one. */
export async function findStartScript(scriptsDir: string | undefined, containerName: string, logger: Logger): Promise<string | undefined> {
  if (scriptsDir === undefined) return undefined;
  if (!CONTAINER_NAME.test(containerName) || containerName.includes("..")) {
    logger.warn({ container: { name: containerName } }, "container name cannot select a start script");
    return undefined;
  }
  const path = join(scriptsDir, `start.${containerName}`);
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
    throw error;
  });
  if (info === undefined) return undefined;
  if (!info.isFile() || (info.mode & 0o111) === 0) {
    logger.warn({ script: path }, "start script is not an executable file; skipped");
    return undefined;
  }
  return path;
}
