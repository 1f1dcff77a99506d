import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { loadApplyConfig } from "../config.js";

export function applyCommand(program: Command): void {
  program
    .command("apply")
    .description("queue a start job for a running container now, as the watcher would")
    .argument("<container>", "container name or id")
    .option("--engine <id>", "engine ID that scopes the queues (default: DEHANDLER_ENGINE_ID, else the engine's daemon ID)")
    .option("--json", "print the outcome as JSON on stdout")
    .addHelpText(
      "after",
      `
The job id is the container id + its StartedAt, as the watcher makes it: if this start already has
a job, nothing is queued and its state is shown. To run a start again, use "dehandler dlq retry
<job-id>" for a failed one, or restart the container (a new start is a new job).
Reads DOCKER_HOST (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), REDIS_URL, DEHANDLER_REDIS_CA_FILE,
DEHANDLER_ENGINE_ID, DEHANDLER_JOB_ATTEMPTS and DEHANDLER_JOB_BACKOFF_MS.

Exit status: 0 queued (or already there), 1 container not running or not found, engine or Redis
unreachable, 2 usage or setting error.`,
    )
    .action(async (name: string, options: { engine?: string; json?: boolean }) => {
      const config = loadApplyConfig(process.env);
      const { connectEngine, inspectContainer } = await import("@dehandler/engine");
      const { openAdmin, redisConnection, resolveEngineId } = await import("../queue-access.js");
      const engine = config.engine();
      const docker = connectEngine(engine.url, engine.tls);
      const container = await inspectContainer(docker, name).catch((error: unknown) => {
        throw new CliError(`cannot inspect ${name} at ${engine.url} (DOCKER_HOST): ${(error as Error).message}`);
      });
      if (container === undefined) throw new CliError(`no container ${JSON.stringify(name)} on the engine at ${engine.url}`);
      if (!container.running) throw new CliError(`container ${container.name} is not running: there is nothing to configure`);
      const engineId = await resolveEngineId(config, options.engine);
      const admin = await openAdmin(engineId, await redisConnection(config));
      try {
        const outcome = await admin.enqueueStart(
          {
            containerId: container.id,
            containerName: container.name,
            startedAt: container.startedAt,
            engineId: admin.names.engineId,
            source: "manual",
            seenAt: Date.now(),
          },
          { attempts: config.attempts, backoffMs: config.backoffMs },
        );
        if (options.json === true) {
          process.stdout.write(
            `${JSON.stringify({ engineId: admin.names.engineId, container: { id: container.id, name: container.name }, ...outcome })}\n`,
          );
        } else if (outcome.created) {
          process.stdout.write(`queued ${outcome.jobId} for ${container.name} on engine ${admin.names.engineId}\n`);
        } else {
          process.stdout.write(
            `${outcome.jobId} for this start of ${container.name} already exists (${outcome.state}); nothing queued. ${howToRerun(outcome.state, outcome.jobId)}\n`,
          );
        }
      } finally {
        await admin.close();
      }
    });
}

function howToRerun(state: string, jobId: string): string {
  if (state === "failed") return `To run it again: dehandler dlq retry ${jobId}`;
  if (state === "completed") return "To apply the labels again, restart the container (a new start is a new job).";
  return "It has not finished yet.";
}
