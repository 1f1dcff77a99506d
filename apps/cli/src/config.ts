import { LabelVariablesError, parseAllowedVariables, type LabelVariables } from "@dehandler/labels";
import {
  commonEnv,
  loadConfig,
  loadEngineSettings,
  loadRedisSettings,
  positiveInt,
  type EngineSettings,
  type RedisSettings,
} from "@dehandler/service";
import { isAbsolute } from "node:path";
import { z } from "zod";

// Each command reads only the settings it needs, with the same rules and messages as the
// processes, so that a bad value fails the same way (one line, exit 2).
type Env = Readonly<Record<string, string | undefined>>;

const labelVars = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    try {
      return raw === undefined || raw.trim() === "" ? undefined : parseAllowedVariables(raw);
    } catch (error) {
      if (!(error instanceof LabelVariablesError)) throw error;
      ctx.addIssue({ code: "custom", message: `a comma-separated list of variable names (bad entry ${JSON.stringify(error.entry)})` });
      return z.NEVER;
    }
  });

/** lint: only the allowlist; undefined when DEHANDLER_LABEL_VARS is unset. */
export function loadLintConfig(env: Env): { allowedVariables: string[] | undefined } {
  const parsed = loadConfig(z.object({ DEHANDLER_LABEL_VARS: labelVars }), env);
  return { allowedVariables: parsed.DEHANDLER_LABEL_VARS };
}

const scriptsDir = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim()))
  .refine((dir) => dir === undefined || isAbsolute(dir), { message: "an absolute folder path" });

export interface PlanConfig {
  /** DOCKER_HOST and its TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH), as the worker reads them. */
  engine: EngineSettings;
  labelVariables: LabelVariables;
  scriptsDir: string | undefined;
}

/** plan: the engine and what the worker would use to expand labels and find a start script. */
export function loadPlanConfig(env: Env): PlanConfig {
  const schema = z.object({ DEHANDLER_LABEL_VARS: labelVars, DEHANDLER_SCRIPTS_DIR: scriptsDir });
  const parsed = loadConfig(schema, env);
  const allowed = parsed.DEHANDLER_LABEL_VARS ?? [];
  return {
    engine: loadEngineSettings(env),
    labelVariables: { allowed, values: Object.fromEntries(allowed.map((name) => [name, env[name]])) },
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
  const parsed = loadConfig(
    queueSchema.extend({ DEHANDLER_JOB_ATTEMPTS: positiveInt(5, 100), DEHANDLER_JOB_BACKOFF_MS: positiveInt(1000, 3_600_000) }),
    env,
  );
  const engine = loadEngineSettings(env);
  return {
    redis: loadRedisSettings(env),
    engineId: parsed.DEHANDLER_ENGINE_ID,
    engine: () => engine,
    attempts: parsed.DEHANDLER_JOB_ATTEMPTS,
    backoffMs: parsed.DEHANDLER_JOB_BACKOFF_MS,
  };
}
