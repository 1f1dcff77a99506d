import type { Command } from "commander";
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../cli-error.js";
import {
  assertBuilt,
  assertCanInstall,
  currentPrivileges,
  DEFAULT_ENV_FILE,
  DEFAULT_UNIT_DIR,
  readEnvFile,
  runningPrefix,
  unitPath,
} from "../systemd/install-target.js";
import {
  isLocalRedis,
  renderEnvFile,
  renderWatcherUnit,
  renderWorkerUnit,
  UNIT_NAMES,
  WATCHER_UNIT,
  WORKER_UNIT,
  type UnitOptions,
} from "../systemd/render-units.js";
import { systemctl } from "../systemd/systemctl.js";
import { unreadableForOthers } from "../systemd/unreadable-for-others.js";

interface InstallOptions {
  unitDir: string;
  environmentFile: string;
  prefix?: string;
  node?: string;
  start: boolean;
  dryRun?: boolean;
}

export function installCommand(program: Command): void {
  program
    .command("install")
    .description(`install watcher and worker as systemd services (${UNIT_NAMES.join(", ")}) and start them`)
    .option("--unit-dir <dir>", "where to write the unit files", DEFAULT_UNIT_DIR)
    // Not --env-file: Node 20 takes --env-file from anywhere on its command line, even after the script.
    .option("--environment-file <file>", "EnvironmentFile of both units; created (mode 0600) only if absent", DEFAULT_ENV_FILE)
    .option("--prefix <dir>", "the dehandler checkout or installed copy holding apps/*/dist (default: this one)")
    .option("--node <file>", "the node binary (default: the one running this command)")
    .option("--no-start", "write the files only: no daemon-reload, enable or start")
    .option("--dry-run", "print the unit files (and the env file it would create); change nothing")
    .addHelpText(
      "after",
      `
The watcher runs as a transient unprivileged user (DynamicUser) in the docker group, without
capabilities; the worker runs as root limited to CAP_NET_ADMIN and CAP_SYS_ADMIN. Both restart
always, after docker.service (and redis-server.service when REDIS_URL is unset or on loopback).
An existing env file is never overwritten; settings go there (see SECURITY.md for each one).
Needs root and systemd, unless --unit-dir is another folder and --no-start is given.`,
    )
    .action(async (options: InstallOptions) => {
      await install(options);
    });
}

async function install(options: InstallOptions): Promise<void> {
  const unitDir = unitPath(options.unitDir, "--unit-dir");
  const envFile = unitPath(options.environmentFile, "--environment-file");
  const prefix = unitPath(options.prefix ?? runningPrefix(), "--prefix");
  const node = unitPath(options.node ?? process.execPath, "--node");
  assertBuilt(prefix);
  if (!existsSync(node)) throw new UsageError(`--node: expected the node binary, got nothing at ${node}`);

  const envExists = existsSync(envFile);
  // An existing env file decides where Redis is; a new one gets the installing shell's REDIS_URL.
  const redisUrl = envExists ? readEnvFile(envFile).REDIS_URL : process.env.REDIS_URL;
  const unitOptions: UnitOptions = { node, prefix, envFile, localRedis: isLocalRedis(redisUrl) };
  const units = [
    { name: WATCHER_UNIT, text: renderWatcherUnit(unitOptions) },
    { name: WORKER_UNIT, text: renderWorkerUnit(unitOptions) },
  ];
  const envText = renderEnvFile({ redisUrl: process.env.REDIS_URL, dockerHost: process.env.DOCKER_HOST });

  if (options.dryRun === true) {
    const shown = units.map((unit) => `# ${join(unitDir, unit.name)}\n${unit.text}`);
    // An existing env file may hold a password: name it, never print it.
    shown.push(envExists ? `# ${envFile} exists and is kept\n` : `# ${envFile} (created, mode 0600)\n${redactRedisUrl(envText)}`);
    process.stdout.write(shown.join("\n"));
    return;
  }

  assertCanInstall(currentPrivileges(), unitDir, options.start, "install");
  warnIfWatcherCannotRead([node, `${prefix}/apps/watcher/dist/main.js`]);

  if (createEnvFile(envFile, envText)) say(`created ${envFile} (mode 0600)`);
  else say(`kept ${envFile}`);
  mkdirSync(unitDir, { recursive: true });
  for (const unit of units) {
    writeAtomically(join(unitDir, unit.name), unit.text);
    say(`wrote ${join(unitDir, unit.name)}`);
  }
  if (!options.start) return;
  await systemctl(["daemon-reload"]);
  await systemctl(["enable", "--now", ...UNIT_NAMES]);
  say(`enabled and started ${UNIT_NAMES.join(", ")}; logs: journalctl -u 'dehandler-*'`);
}

/** true when created; an existing file (even one created meanwhile: O_EXCL) is left alone. */
function createEnvFile(path: string, text: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  try {
    writeFileSync(path, text, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  chmodSync(path, 0o600);
  return true;
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.dehandler-tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  chmodSync(temporary, 0o644);
  renameSync(temporary, path);
}

function warnIfWatcherCannotRead(files: readonly string[]): void {
  for (const file of files) {
    const blocked = unreadableForOthers(file);
    if (blocked !== undefined) {
      process.stderr.write(
        `dehandler: warning: the watcher's unprivileged user cannot reach ${blocked} (needed for ${file}); install a copy under /opt or /usr/local and pass --prefix/--node\n`,
      );
      return;
    }
  }
}

function redactRedisUrl(text: string): string {
  return text.replace(/^(REDIS_URL=\w+:\/\/[^:@/]*:)[^@]*@/m, "$1***@");
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
