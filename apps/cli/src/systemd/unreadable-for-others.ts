import { statSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The first of `file` and its folders that a user who is neither owner nor group member cannot
 * reach (file not readable, folder not searchable) — the watcher's DynamicUser is such a user.
 * undefined when everything is reachable.
 */
export function unreadableForOthers(file: string): string | undefined {
  if ((statSync(file).mode & 0o004) === 0) return file;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return dir;
    if (dir === "/") return undefined;
  }
}
