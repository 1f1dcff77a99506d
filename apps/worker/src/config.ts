import { commonEnv, loadConfig, positiveInt } from "@dehandler/service";
import { LabelVariablesError, parseAllowedVariables, type LabelVariables } from "@dehandler/labels";
import { isAbsolute } from "node:path";
import { z } from "zod";

const WorkerEnvSchema = z.object({
  ...commonEnv,
  /** Folder of `start.<container-name>` scripts; unset: no scripts run. */
  DEHANDLER_SCRIPTS_DIR: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim()))
    .refine((dir) => dir === undefined || isAbsolute(dir), { message: "an absolute folder path" }),
  /** Environment variables that labels may expand as $NAME or ${NAME}; no other is ever read. */
  DEHANDLER_LABEL_VARS: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      try {
        return parseAllowedVariables(raw);
      } catch (error) {
        if (!(error instanceof LabelVariablesError)) throw error;
        ctx.addIssue({ code: "custom", message: `a comma-separated list of variable names (bad entry ${JSON.stringify(error.entry)})` });
        return z.NEVER;
      }
    }),
  /** Jobs handled at once; a slow container then never blocks the others. */
  DEHANDLER_CONCURRENCY: positiveInt(4, 256),
  /** Longest wait for one `ip` command. */
  DEHANDLER_COMMAND_TIMEOUT_MS: positiveInt(10_000, 600_000),
  /** Longest run of a start script; it and its children are killed past it. */
  DEHANDLER_SCRIPT_TIMEOUT_MS: positiveInt(60_000, 3_600_000),
  /** On SIGTERM, how long in-flight jobs may take before the worker exits anyway. */
  DEHANDLER_SHUTDOWN_TIMEOUT_MS: positiveInt(25_000, 600_000),
  /** A job's lock; if the worker dies, another takes the job up after about this long. */
  DEHANDLER_LOCK_DURATION_MS: positiveInt(30_000, 600_000),
});

export type WorkerConfig = z.output<typeof WorkerEnvSchema> & {
  /** Only the allowed variables' values are kept: secrets in the environment never get here. */
  labelVariables: LabelVariables;
};

export function loadWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const parsed = loadConfig(WorkerEnvSchema, env);
  const allowed = parsed.DEHANDLER_LABEL_VARS;
  const values = Object.fromEntries(allowed.map((name) => [name, env[name]]));
  return { ...parsed, labelVariables: { allowed, values } };
}
