import { Command, CommanderError } from "commander";
import { ConfigError } from "@dehandler/service";
import { CliError, EXIT } from "./cli-error.js";
import { applyCommand } from "./commands/apply-command.js";
import { dlqCommand } from "./commands/dlq-command.js";
import { installCommand } from "./commands/install-command.js";
import { lintCommand } from "./commands/lint-command.js";
import { planCommand } from "./commands/plan-command.js";
import { statusCommand } from "./commands/status-command.js";
import { uninstallCommand } from "./commands/uninstall-command.js";

/** The whole command tree; errors are thrown (exitOverride) so that `runCli` decides the exit. */
export function createProgram(): Command {
  const program = new Command("dehandler")
    .description("Inspect and operate dehandler: lint labels, plan, apply, dead-letter queue, status.")
    .exitOverride()
    // Commander's own messages are rephrased by runCli as one line; help still goes to stdout.
    .configureOutput({ outputError: () => undefined })
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      `
Exit status: 0 ok, 1 findings or failure, 2 usage or setting error. Errors are one line on stderr.
Settings come from the environment, as for the watcher and worker; each command reads only its own.`,
    );
  lintCommand(program);
  planCommand(program);
  applyCommand(program);
  dlqCommand(program);
  statusCommand(program);
  installCommand(program);
  uninstallCommand(program);
  return program;
}

/** Runs the command line and returns the exit code; every error becomes one line on stderr. */
export async function runCli(argv: readonly string[], stderr: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
      // `dehandler` or `dehandler dlq` alone: the help has been printed (to stderr).
      if (error.code === "commander.help" || error.code === "commander.executeSubCommandAsync") return EXIT.usage;
      // One line: commander's suggestion ("(Did you mean status?)") joins the message.
      stderr(`dehandler: ${error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ")} (see --help)`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      stderr(`dehandler: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof CliError) {
      stderr(`dehandler: ${error.message}`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    stderr(`dehandler: ${message.replace(/\s+/g, " ")}`);
    return EXIT.failure;
  }
}
