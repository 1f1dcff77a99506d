import { constants } from "node:fs";
import { access, lstat, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import type { Logger } from "@dehandler/service";
import { ScriptRefusedError } from "./errors/script-refused-error.js";

// Docker's own rule for container names; anything else (a "/", "..") can never select a file.
const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export type ScriptKind = "start" | "stop";

/**
 * The `start.<container-name>` (or `stop.<container-name>`) script to run, if there is one. A file that exists must pass the
 * checks sudo and cron make before they run something as root — otherwise the job fails with the
 * check that refused it: after resolving symlinks it is a regular file inside the scripts folder,
 * owned by root (or the worker's user), not writable by group or others, and executable; the
 * folder itself is owned and writable the same way.
 */
export async function findScript(
  scriptsDir: string | undefined,
  containerName: string,
  logger: Logger,
  kind: ScriptKind = "start",
): Promise<string | undefined> {
  if (scriptsDir === undefined) return undefined;
  if (!CONTAINER_NAME.test(containerName) || containerName.includes("..")) {
    logger.warn({ container: { name: containerName } }, `container name cannot select a ${kind} script`);
    return undefined;
  }
  const path = join(scriptsDir, `${kind}.${containerName}`);
  const found = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
    throw error;
  });
  if (found === undefined) return undefined;

  const refuse = (check: string): never => {
    throw new ScriptRefusedError(path, check, kind);
  };
  const folder = await realpath(scriptsDir);
  checkOwnership(await stat(folder), `the scripts folder ${folder}`, refuse);
  const target = await realpath(path).catch(() => refuse("it is a symlink whose target does not exist"));
  if (!target.startsWith(folder + sep)) refuse(`it resolves to ${target}, outside the scripts folder ${folder}`);
  const info = await stat(target);
  if (!info.isFile()) refuse(`${target} is not a regular file`);
  checkOwnership(info, target, refuse);
  if (
    (info.mode & 0o111) === 0 ||
    !(await access(target, constants.X_OK).then(
      () => true,
      () => false,
    ))
  )
    refuse(`${target} is not executable`);
  return target;
}

function checkOwnership(info: { uid: number; mode: number }, what: string, refuse: (check: string) => never): void {
  const worker = process.getuid?.() ?? 0;
  if (info.uid !== 0 && info.uid !== worker) refuse(`${what} is owned by uid ${info.uid}, not by root or the worker (uid ${worker})`);
  if ((info.mode & 0o022) !== 0)
    refuse(`${what} is writable by ${(info.mode & 0o020) !== 0 ? "its group" : "others"} (mode ${(info.mode & 0o777).toString(8)})`);
}
