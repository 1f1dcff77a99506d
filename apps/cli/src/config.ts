import type { LabelVariables } from "@dehandler/labels";
import {
  commonEnv,
  handlingEnv,
  labelVariablesFrom,
  loadConfig,
  loadEngineSettings,
  loadRedisSettings,
  retryEnv,
  type EngineSettings,
  type RedisSettings,
} from "@dehandler/service";
import { z } from "zod";

// Each command reads only the settings it needs, with the same rules and messages as the
// processes, so that a bad value fails the same way (one line, exit 2).
type Env = Readonly<Record<string, string | undefined>>;

/** lint: only the allowlist; undefined when DEHANDLER_LABEL_VARS is unset. */
export function loadLintConfig(env: Env): { allowedVariables: string[] | undefined } {
  const parsed = loadConfig(z.object({ DEHANDLER_LABEL_VARS: handlingEnv.DEHANDLER_LABEL_VARS }), env);
  return { allowedVariables: parsed.DEHANDLER_LABEL_VARS };
}

export interface PlanConfig {
  /** DOCKER_HOST and its TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), as the worker reads them. */
  engine: EngineSettings;
  labelVariables: LabelVariables;
  scriptsDir: string | undefined;
}

/** plan: the engine and what the worker would use to expand labels and find a start script. */
export function loadPlanConfig(env: Env): PlanConfig {
  const parsed = loadConfig(z.object(handlingEnv), env);
  return {
    engine: loadEngineSettings(env),
    labelVariables: labelVariablesFrom(parsed.DEHANDLER_LABEL_VARS, env),
    scriptsDir: parsed.DEHANDLER_SCRIPTS_DIR,
  };
}

export interface QueueConfig {
  redis: RedisSettings;
  engineId: string | undefined;
  /**
   * DOCKER_HOST and its TLS, read when the engine is asked (its daemon ID when none is given; apply's
   * container): status never asks, so TLS files it would not use cannot stop it.
   */
  engine: () => EngineSettings;
}

const queueSchema = z.object({
  DOCKER_HOST: commonEnv.DOCKER_HOST,
  REDIS_URL: commonEnv.REDIS_URL,
  DEHANDLER_REDIS_CA_FILE: commonEnv.DEHANDLER_REDIS_CA_FILE,
  DEHANDLER_ENGINE_ID: commonEnv.DEHANDLER_ENGINE_ID,
});

/** dlq, status: Redis, and the engine whose queues are meant. */
export function loadQueueConfig(env: Env): QueueConfig {
  const parsed = loadConfig(queueSchema, env);
  return { redis: loadRedisSettings(env), engineId: parsed.DEHANDLER_ENGINE_ID, engine: () => loadEngineSettings(env) };
}

/** apply: as dlq, plus the retry policy the watcher would give the job. */
export function loadApplyConfig(env: Env): QueueConfig & { attempts: number; backoffMs: number } {
  const parsed = loadConfig(queueSchema.extend(retryEnv), env);
  const engine = loadEngineSettings(env);
  return {
    redis: loadRedisSettings(env),
    engineId: parsed.DEHANDLER_ENGINE_ID,
    engine: () => engine,
    attempts: parsed.DEHANDLER_JOB_ATTEMPTS,
    backoffMs: parsed.DEHANDLER_JOB_BACKOFF_MS,
  };
}
