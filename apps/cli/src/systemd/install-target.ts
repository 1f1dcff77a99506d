import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../cli-error.js";

export const DEFAULT_UNIT_DIR = "/etc/systemd/system";
export const DEFAULT_ENV_FILE = "/etc/dehandler/dehandler.env";
const SYSTEMD_RUNNING = "/run/systemd/system";

// This file is apps/cli/dist/systemd/install-target.js: the checkout is four levels up.
export function runningPrefix(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
}

// ExecStart= is split by systemd, which also expands %, $ and quotes: accept only paths that
// need none of that rather than escape them.
const SAFE_PATH = /^\/[A-Za-z0-9._+@/-]*$/;

/** An absolute path systemd can take verbatim; `what` names the option in the message. */
export function unitPath(raw: string, what: string): string {
  const path = resolve(raw);
  if (!SAFE_PATH.test(path)) throw new UsageError(`${what}: expected a path of letters, digits and ._+@/- only, got ${JSON.stringify(path)}`);
  return path;
}

/** The built entry points must exist, or the units would restart forever. */
export function assertBuilt(prefix: string): void {
  for (const app of ["watcher", "worker"]) {
    const entry = `${prefix}/apps/${app}/dist/main.js`;
    if (!existsSync(entry)) throw new UsageError(`--prefix: expected ${entry} (run "npm run build" there), got nothing`);
  }
}

export interface Privileges {
  isRoot: boolean;
  hasSystemd: boolean;
}

export function currentPrivileges(): Privileges {
  return { isRoot: process.getuid?.() === 0, hasSystemd: existsSync(SYSTEMD_RUNNING) };
}

/**
 * Installing into the real unit folder, or starting anything, needs root and a running systemd.
 * Writing units somewhere else without starting them (packaging, tests) needs neither.
 */
export function assertCanInstall(privileges: Privileges, unitDir: string, start: boolean, verb: string): void {
  if (!start && resolve(unitDir) !== DEFAULT_UNIT_DIR) return;
  if (!privileges.isRoot) throw new UsageError(`${verb} needs root (or --unit-dir <other folder> with --no-start)`);
  if (!privileges.hasSystemd)
    throw new UsageError(`${verb} needs systemd as init (no ${SYSTEMD_RUNNING}; use --unit-dir <other folder> with --no-start)`);
}

/** KEY=VALUE lines of an existing env file (systemd's syntax, minus continuation lines). */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    values[match[1]] = match[2].replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
  }
  return values;
}
