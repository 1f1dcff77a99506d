import { execa } from "execa";
import { access } from "node:fs/promises";

export const CLI_ENTRY = "apps/cli/dist/main.js";

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** The built `dehandler` command as an operator or a script runs it: only PATH and `env` in its environment, 20 s at the most. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [CLI_ENTRY, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    extendEnv: false,
    reject: false,
    timeout: 20_000,
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** For a `beforeAll`: says what to do when the command has not been built. */
export async function expectCliBuilt(): Promise<void> {
  await access(CLI_ENTRY).catch(() => {
    throw new Error(`${CLI_ENTRY} is missing: run "npm run build" first (npm test does)`);
  });
}
