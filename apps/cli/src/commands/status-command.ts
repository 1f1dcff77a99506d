import type { Command } from "commander";
import type { EngineQueueStatus } from "@dehandler/contract";
import { loadQueueConfig } from "../config.js";

export function statusCommand(program: Command): void {
  program
    .command("status")
    .description("per engine found in Redis: job counts, dead letters, workers online, last start queued, lag")
    .option("--engine <id>", "only this engine")
    .option("--json", "print a JSON array on stdout")
    .addHelpText("after", `
Engines are found from their queues (keys bull:dehandler.*.container-start:meta). Lag is the age of
the oldest waiting job. Reads REDIS_URL and DEHANDLER_REDIS_CA_FILE.
Exit status: 0 printed (also when no engine is found), 1 Redis unreachable, 2 usage or setting error.`)
    .action(async (options: { engine?: string; json?: boolean }) => {
      const config = loadQueueConfig(process.env);
      const { discoverEngineScopes } = await import("@dehandler/contract");
      const { openAdmin, redisConnection } = await import("../queue-access.js");
      const connection = await redisConnection(config);
      const scopes = options.engine === undefined ? await discoverEngineScopes(connection) : [options.engine];
      const statuses: EngineQueueStatus[] = [];
      for (const scope of scopes) {
        const admin = openAdmin(scope, connection);
        try {
          statuses.push(await admin.status());
        } finally {
          await admin.close();
        }
      }
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(statuses)}\n`);
        return;
      }
      if (statuses.length === 0) {
        process.stderr.write("no dehandler queues in this Redis\n");
        return;
      }
      process.stdout.write(`${statuses.map((status) => statusLine(status, Date.now())).join("\n")}\n`);
    });
}

export function statusLine(status: EngineQueueStatus, now: number): string {
  const last = status.lastQueuedAt === undefined ? "never" : `${new Date(status.lastQueuedAt).toISOString()} (${ago(now - status.lastQueuedAt)} ago)`;
  return (
    `engine ${status.engineId}: waiting ${status.waiting}, active ${status.active}, delayed ${status.delayed}, failed ${status.failed}, ` +
    `dead-letter ${status.deadLetter}, workers ${status.workers}, last start queued ${last}, lag ${ago(status.lagMs)}`
  );
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}
