import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cleanup } from "./cleanup.js";

/**
 * A new folder named `prefix` and a random tail (`/tmp/dhx-` gives `/tmp/dhx-AbC123`), removed
 * with all it holds after the test; `what` names it in a cleanup failure.
 */
export async function tempDir(cleanup: Cleanup, prefix: string, what = "temp dir"): Promise<string> {
  const dir = await mkdtemp(prefix);
  cleanup.defer(`${what} ${dir}`, () => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** An empty folder of the test's own for DEHANDLER_SCRIPTS_DIR. */
export async function scriptsDir(cleanup: Cleanup): Promise<string> {
  return tempDir(cleanup, join(tmpdir(), "dh-scripts-"), "scripts");
}

/** Writes `text` to `path` as an executable script (mode 755). */
export async function writeScript(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  await chmod(path, 0o755);
}
