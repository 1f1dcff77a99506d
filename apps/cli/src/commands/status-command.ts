import type { Command } from "commander";
import type { EngineQueueStatus } from "@dehandler/contract";
import { loadQueueConfig } from "../config.js";
import { WORKER_UNIT } from "../systemd/render-units.js";

const STATUS_LANES = 32;

export function statusCommand(program: Command): void {
  program
    .command("status")
    .description("per engine found in Redis: job counts, dead letters, workers online, last start queued, lag")
    .option("--engine <id>", "only this engine")
    .option("--json", "print a JSON array on stdout")
    .addHelpText(
      "after",
      `
Engines are found from their queues (keys bull:dehandler.{*}.container-jobs:meta, or
….container-start:meta for an engine still on an earlier release, on every master of a cluster). Lag is the age of the oldest waiting job. Reads REDIS_URL, DEHANDLER_REDIS_CA_FILE, and
DEHANDLER_REDIS_SENTINELS/_SENTINEL_NAME or DEHANDLER_REDIS_CLUSTER.
Exit status: 0 printed (also when no engine is found), 1 Redis unreachable, 2 usage or setting error.`,
    )
    .action(async (options: { engine?: string; json?: boolean }) => {
      const config = loadQueueConfig(process.env);
      const { discoverEngineScopes, plainRedisClient, WorkerCensus } = await import("@dehandler/contract");
      const { openAdmin, redisConnection } = await import("../queue-access.js");
      const connection = await redisConnection(config);
      const scopes = options.engine === undefined ? await discoverEngineScopes(connection) : [options.engine];
      // One connection for every engine, and several engines asked at once: a fleet's thousand
      // engines are then a second's work, not a connection and a dozen round trips each in turn.
      const shared = plainRedisClient(connection, {});
      shared.on("error", () => undefined);
      const statuses: EngineQueueStatus[] = new Array<EngineQueueStatus>(scopes.length);
      const now = Date.now();
      let next = 0;
      const lane = async (): Promise<void> => {
        for (let index = next++; index < scopes.length; index = next++) {
          const admin = await openAdmin(scopes[index] ?? "", shared);
          try {
            statuses[index] = await admin.status(now, census);
          } finally {
            await admin.close();
          }
        }
      };
      let census: Awaited<ReturnType<typeof WorkerCensus.take>> | undefined;
      try {
        census = await WorkerCensus.take(shared);
        await Promise.all(Array.from({ length: Math.min(STATUS_LANES, scopes.length) }, lane));
      } finally {
        shared.disconnect();
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
  const line =
    `engine ${status.engineId}: waiting ${status.waiting}, active ${status.active}, delayed ${status.delayed}, failed ${status.failed}, ` +
    `dead-letter ${status.deadLetter}, workers ${status.workers}, last start queued ${last}, lag ${ago(status.lagMs)}`;
  return status.orphanLockMs === undefined ? line : `${line}\n  ${orphanedJobs(status.active, status.orphanLockMs)}`;
}

/** What "active N, workers 0" means, and what to do about it. */
export function orphanedJobs(active: number, lockMs: number): string {
  const one = active === 1;
  const held = `${one ? "1 job is" : `${active} jobs are`} held by a worker that stopped or died (no worker of this engine is connected).`;
  const again =
    lockMs > 0
      ? `A worker of this engine runs ${one ? "it" : "them"} again once ${one ? "its lock expires" : "their locks expire"} (in ${Math.ceil(lockMs / 1000)} s at most)`
      : `A worker of this engine runs ${one ? "it" : "them"} again as soon as it connects (${one ? "its lock has" : "their locks have"} expired)`;
  return `${held} ${again}; start one if none is running (systemctl start ${WORKER_UNIT}, docker compose up -d worker, or npm run worker).`;
}

function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${Math.round(seconds / 3600)}h`;
}
