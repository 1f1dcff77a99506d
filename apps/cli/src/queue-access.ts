import {
  connectionOptionsFor,
  EngineQueueAdmin,
  engineQueueNames,
  probeRedis,
  type RedisConnectionOptions,
  type SharedRedisClient,
} from "@dehandler/contract";
import { describeRedis } from "@dehandler/service";
import { connectEngine, engineIdentity } from "@dehandler/engine";
import { CliError, UsageError } from "./cli-error.js";
import type { QueueConfig } from "./config.js";

/** Redis options as the processes build them; fails at once, in one line, when Redis is away. */
export async function redisConnection(config: QueueConfig): Promise<RedisConnectionOptions> {
  let connection: RedisConnectionOptions;
  try {
    connection = connectionOptionsFor(config.redis, "dehandler-cli");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  try {
    await probeRedis(connection);
  } catch (error) {
    throw new CliError(`cannot reach Redis at ${describeRedis(config.redis)}: ${(error as Error).message}`);
  }
  return connection;
}

/** The engine meant: --engine, else DEHANDLER_ENGINE_ID, else the daemon ID of DOCKER_HOST's engine. */
export async function resolveEngineId(config: QueueConfig, engineOption: string | undefined): Promise<string> {
  const chosen = engineOption ?? config.engineId;
  if (chosen !== undefined) return chosen;
  const engine = config.engine();
  try {
    return await engineIdentity(connectEngine(engine.url, engine.tls), undefined, 5000);
  } catch (error) {
    throw new CliError(
      `cannot read the engine's ID from ${engine.url} (DOCKER_HOST): ${(error as Error).message}; set DEHANDLER_ENGINE_ID or pass --engine`,
    );
  }
}

export async function openAdmin(engineId: string, connection: RedisConnectionOptions | SharedRedisClient): Promise<EngineQueueAdmin> {
  let names;
  try {
    names = engineQueueNames(engineId);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Failures surface as rejected calls; the listener keeps reconnect noise off stderr.
  return EngineQueueAdmin.open(names, connection, () => undefined);
}
