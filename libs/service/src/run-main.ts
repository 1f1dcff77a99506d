import { ConfigError } from "./load-config.js";

/**
 * Runs an entry point. A bad setting ends the process with one line naming the variable (exit 2);
 * any other start-up failure with one line and its cause (exit 1), not a stack dump.
 */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exit(2);
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: failed to start: ${message}\n`);
    process.exit(1);
  });
}
