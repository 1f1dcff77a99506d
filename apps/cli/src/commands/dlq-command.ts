import type { Command } from "commander";
import type { DeadLetterEntry, EngineQueueAdmin } from "@dehandler/contract";
import { CliError } from "../cli-error.js";
import { loadQueueConfig } from "../config.js";
import { deadLetterTable, REASON_WIDTH } from "../dlq/dead-letter-table.js";
import { Progress } from "../progress.js";

const ENGINE_OPTION = ["--engine <id>", "engine ID that scopes the queues (default: DEHANDLER_ENGINE_ID, else the engine's daemon ID)"] as const;

export function dlqCommand(program: Command): void {
  const dlq = program
    .command("dlq")
    .description("the engine's dead-letter queue: start jobs that failed for good")
    .addHelpText(
      "after",
      `
Reads REDIS_URL, DEHANDLER_REDIS_CA_FILE, DEHANDLER_ENGINE_ID (else DOCKER_HOST, with DOCKER_TLS_VERIFY
and DOCKER_CERT_PATH, for the daemon ID).
Exit status: 0 done, 1 no such entry or Redis unreachable, 2 usage or setting error.`,
    );

  dlq
    .command("list")
    .description("a table, oldest failure first: job id, when it failed, container, label/part, reason")
    .option(...ENGINE_OPTION)
    .option("--wide", `show reasons whole (else shortened to ${REASON_WIDTH} characters, and said so)`)
    .option("--json", "print the entries as a JSON array on stdout")
    .action(async (options: { engine?: string; json?: boolean; wide?: boolean }) => {
      await withAdmin(options.engine, async (admin) => {
        const progress = new Progress("read entries");
        const entries = await admin.deadLetters.list((read, total) => progress.update(read, total));
        progress.done();
        if (options.json === true) process.stdout.write(`${JSON.stringify(entries)}\n`);
        else if (entries.length === 0) process.stderr.write(`no dead-letter entries for engine ${admin.names.engineId}\n`);
        else process.stdout.write(deadLetterTable(entries, { wide: options.wide === true }));
      });
    });

  dlq
    .command("show")
    .description("the whole entry, readably")
    .argument("<job-id>", "the job id, as dlq list prints it")
    .option(...ENGINE_OPTION)
    .option("--json", "print the entry as JSON on stdout")
    .action(async (jobId: string, options: { engine?: string; json?: boolean }) => {
      await withAdmin(options.engine, async (admin) => {
        const entry = await admin.deadLetters.get(jobId);
        if (entry === undefined) throw noEntry(jobId, admin.names.engineId);
        process.stdout.write(options.json === true ? `${JSON.stringify(entry)}\n` : describeEntry(entry));
      });
    });

  dlq
    .command("retry")
    .description("run the failed start job again (attempts reset) and remove the entry")
    .argument("<job-id>", "the job id, as dlq list prints it")
    .option(...ENGINE_OPTION)
    .action(async (jobId: string, options: { engine?: string }) => {
      await withAdmin(options.engine, async (admin) => {
        const outcome = await admin.retryDeadLetter(jobId);
        switch (outcome.outcome) {
          case "retried":
            process.stdout.write(`retrying ${jobId}; entry removed (a new failure writes a new one)\n`);
            return;
          case "no-entry":
            throw noEntry(jobId, admin.names.engineId);
          case "job-gone":
            throw new CliError(
              `the start job ${jobId} is no longer kept (finished jobs are kept a week); restart the container to apply its labels again, then dlq drop the entry`,
            );
          case "not-failed":
            throw new CliError(`the start job ${jobId} is ${outcome.state}, not failed: nothing to retry`);
        }
      });
    });

  dlq
    .command("drop")
    .description("remove the entry")
    .argument("<job-id>", "the job id, as dlq list prints it")
    .option(...ENGINE_OPTION)
    .action(async (jobId: string, options: { engine?: string }) => {
      await withAdmin(options.engine, async (admin) => {
        if (!(await admin.deadLetters.remove(jobId))) throw noEntry(jobId, admin.names.engineId);
        process.stdout.write(`dropped ${jobId}\n`);
      });
    });
}

async function withAdmin(engineOption: string | undefined, use: (admin: EngineQueueAdmin) => Promise<void>): Promise<void> {
  const config = loadQueueConfig(process.env);
  const { openAdmin, redisConnection, resolveEngineId } = await import("../queue-access.js");
  const connection = await redisConnection(config);
  const admin = await openAdmin(await resolveEngineId(config, engineOption), connection);
  try {
    await use(admin);
  } finally {
    await admin.close();
  }
}

function noEntry(jobId: string, engineId: string): CliError {
  return new CliError(`no dead-letter entry ${JSON.stringify(jobId)} for engine ${engineId} (see dehandler dlq list)`);
}

export function describeEntry(entry: DeadLetterEntry): string {
  const lines = [
    `job:        ${entry.jobId}`,
    `container:  ${entry.container.name} (${entry.container.id})`,
    `started at: ${entry.startedAt ?? "unknown (the container was not inspected)"}`,
    `failed at:  ${entry.failedAt} after ${entry.attemptsMade} attempt(s)${entry.permanent ? ", permanent (not retried)" : ""}`,
    `error:      ${entry.errorName}`,
    `reason:     ${entry.reason}`,
  ];
  if (entry.label !== undefined)
    lines.push(
      `label:      ${entry.label}${entry.partIndex === undefined ? "" : ` part ${entry.partIndex}`}${entry.part === undefined ? "" : `: ${entry.part}`}`,
    );
  if (entry.argv !== undefined) lines.push(`command:    ${entry.argv.join(" ")}`);
  if (entry.exitCode !== undefined) lines.push(`exit code:  ${entry.exitCode}`);
  for (const [title, block] of [
    ["stderr", entry.stderr],
    ["output", entry.output],
  ] as const) {
    if (block !== undefined && block.length > 0)
      lines.push(
        `${title}:`,
        ...block
          .trimEnd()
          .split("\n")
          .map((line) => `  ${line}`),
      );
  }
  if (entry.problems !== undefined && entry.problems.length > 0) lines.push("problems:", ...entry.problems.map((problem) => `  - ${problem}`));
  if (entry.notes !== undefined && entry.notes.length > 0) lines.push("since then:", ...entry.notes.map((note) => `  - ${note}`));
  return `${lines.join("\n")}\n`;
}
