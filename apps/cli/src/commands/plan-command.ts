import type { Command } from "commander";
import { planFromLabels } from "@dehandler/labels";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { join } from "node:path";
import { CliError, EXIT } from "../cli-error.js";
import { loadPlanConfig } from "../config.js";

export function planCommand(program: Command): void {
  program
    .command("plan")
    .description("print what the worker would run for a container, without running anything")
    .argument("<container>", "container name or id")
    .option("--json", "print the plan as JSON on stdout")
    .addHelpText(
      "after",
      `
Reads DOCKER_HOST (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), DEHANDLER_LABEL_VARS with the listed
variables, and DEHANDLER_SCRIPTS_DIR, as the worker would. Host commands also need DEHANDLER_HOST_CHANGES to allow them on the worker.

Exit status: 0 plan printed, 1 labels refused or container not found, 2 usage or setting error.`,
    )
    .action(async (name: string, options: { json?: boolean }) => {
      const config = loadPlanConfig(process.env);
      // Loaded on use: lint, which needs neither engine nor Redis, starts faster without them.
      const { connectEngine, inspectContainer } = await import("@dehandler/engine");
      const docker = connectEngine(config.engine.url, config.engine.tls);
      const container = await inspectContainer(docker, name).catch((error: unknown) => {
        throw new CliError(`cannot inspect ${name} at ${config.engine.url} (DOCKER_HOST): ${(error as Error).message}`);
      });
      if (container === undefined) throw new CliError(`no container ${JSON.stringify(name)} on the engine at ${config.engine.url}`);
      const planned = planFromLabels(container.labels, config.labelVariables);
      const script = await findExecutable(config.scriptsDir, `start.${container.name}`);
      const stopScript = await findExecutable(config.scriptsDir, `stop.${container.name}`);
      const warnings = (planned.ok ? planned.plan.warnings : planned.warnings).map((warning) => warning.message);
      const commands = planned.ok
        ? planned.plan.commands.map((command) => ({
            label: command.label,
            part: command.partIndex,
            target: command.target,
            // A sysctl is written to /proc/sys/net inside the namespace, not run through ip.
            argv: command.action === "sysctl" ? ["sysctl", "-w", `${command.argv[0] ?? ""}=${command.argv[1] ?? ""}`] : ["ip", ...command.argv],
            ...(command.optional === true ? { optional: true } : {}),
          }))
        : [];
      const errors = planned.ok ? [] : planned.errors.map((error) => error.message);
      if (options.json === true) {
        const json = {
          container: { id: container.id, name: container.name, running: container.running, startedAt: container.startedAt },
          ok: planned.ok,
          commands,
          startScript: script ?? null,
          stopScript: stopScript ?? null,
          warnings,
          errors,
        };
        process.stdout.write(`${JSON.stringify(json)}\n`);
      } else {
        const out: string[] = [
          `container ${container.name} (${container.id.slice(0, 12)}), started ${container.startedAt}${container.running ? "" : ", not running: the worker would skip it"}`,
        ];
        for (const warning of warnings) out.push(`warning: ${warning}`);
        for (const error of errors) out.push(`error: ${error}`);
        if (!planned.ok) out.push("nothing would run: one bad part fails the whole container");
        else {
          for (const command of commands)
            out.push(
              `${command.target === "host" ? "on host:     " : "in container:"} ${command.argv.join(" ")}    (${command.label} part ${command.part})`,
            );
          if (commands.some((command) => command.argv.some((word) => word.includes("@")))) {
            out.push("@<network> references are resolved by the worker from the container's networks (interfaces by MAC address)");
          }
          if (commands.some((command) => command.optional === true))
            out.push("reply-via commands for what a network lacks (IPv6, a gateway) are left out");
          if (script !== undefined) out.push(`start script: ${script} (if it passes the worker's ownership checks)`);
          if (stopScript !== undefined) out.push(`stop script:  ${stopScript} (when the container stops; same checks)`);
          const undone = planned.plan.commands.filter((command) => command.undoArgv !== undefined).length;
          if (undone > 0) out.push(`${undone} host change(s) recorded and removed again when the container ends`);
          if (commands.length === 0 && script === undefined) out.push("nothing to do: no docker-events.* commands and no start script");
        }
        process.stdout.write(`${out.join("\n")}\n`);
      }
      if (!planned.ok) process.exitCode = EXIT.failure;
    });
}

async function findExecutable(dir: string | undefined, file: string): Promise<string | undefined> {
  if (dir === undefined) return undefined;
  const path = join(dir, file);
  return access(path, constants.X_OK).then(
    () => path,
    () => undefined,
  );
}
