import { execFile } from "node:child_process";
import { CliError } from "../cli-error.js";

/** Runs `systemctl <args>`; a non-zero exit becomes one line with its stderr. */
export function systemctl(args: readonly string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile("systemctl", [...args], { timeout: 120_000 }, (error, _stdout, stderr) => {
      if (error === null) {
        resolvePromise();
        return;
      }
      const detail = stderr.trim().replace(/\s+/g, " ") || error.message;
      reject(new CliError(`systemctl ${args.join(" ")} failed: ${detail}`));
    });
  });
}
