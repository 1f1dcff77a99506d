import type { Command } from "commander";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { assertCanInstall, currentPrivileges, DEFAULT_ENV_FILE, DEFAULT_UNIT_DIR, unitPath } from "../systemd/install-target.js";
import { UNIT_NAMES } from "../systemd/render-units.js";
import { systemctl } from "../systemd/systemctl.js";

interface UninstallOptions {
  unitDir: string;
  environmentFile: string;
  start: boolean;
  purge?: boolean;
}

export function uninstallCommand(program: Command): void {
  program
    .command("uninstall")
    .description(`stop, disable and remove the systemd services (${UNIT_NAMES.join(", ")})`)
    .option("--unit-dir <dir>", "where the unit files are", DEFAULT_UNIT_DIR)
    .option("--environment-file <file>", "the env file, removed only with --purge", DEFAULT_ENV_FILE)
    .option("--no-start", "remove the files only: no stop, disable or daemon-reload")
    .option("--purge", "remove the env file too")
    .addHelpText(
      "after",
      "\nRemoving what is already gone is not an error. Needs root and systemd, unless --unit-dir is another folder and --no-start is given.",
    )
    .action(async (options: UninstallOptions) => {
      await uninstall(options);
    });
}

async function uninstall(options: UninstallOptions): Promise<void> {
  const unitDir = unitPath(options.unitDir, "--unit-dir");
  const envFile = unitPath(options.environmentFile, "--environment-file");
  // systemctl reads the same flag as install; here it means "stop and disable".
  const manage = options.start;
  assertCanInstall(currentPrivileges(), unitDir, manage, "uninstall");
  const present = UNIT_NAMES.filter((name) => existsSync(join(unitDir, name)));
  if (manage && present.length > 0) await systemctl(["disable", "--now", ...present]);
  for (const name of present) {
    rmSync(join(unitDir, name), { force: true });
    say(`removed ${join(unitDir, name)}`);
  }
  if (manage) await systemctl(["daemon-reload"]);
  if (options.purge === true && existsSync(envFile)) {
    rmSync(envFile, { force: true });
    say(`removed ${envFile}`);
  }
  if (present.length === 0) say(`no dehandler units in ${unitDir}`);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}
