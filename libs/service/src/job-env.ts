import { LabelVariablesError, parseAllowedVariables, type LabelVariables } from "@dehandler/labels";
import { isAbsolute } from "node:path";
import { z } from "zod";
import { positiveInt } from "./common-env.js";

// Settings of start jobs that more than one process reads: each reads them with these rules and
// messages, so that a value the worker would refuse fails the CLI the same way.

type Env = Readonly<Record<string, string | undefined>>;

/** Environment variables that labels may expand as $NAME or ${NAME}; unset or blank: undefined (no list given). */
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

/** Folder of `start.<container-name>` scripts; unset: no scripts run. */
const scriptsDir = z
  .string()
  .optional()
  .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim()))
  .refine((dir) => dir === undefined || isAbsolute(dir), { message: "an absolute folder path" });

/** How a start is handled: read by the worker, and as the worker would by `dehandler plan` and `lint`. */
export const handlingEnv = {
  DEHANDLER_LABEL_VARS: labelVars,
  DEHANDLER_SCRIPTS_DIR: scriptsDir,
};

/** A start job's retries, set by whoever queues it: the watcher, and `dehandler apply` likewise. */
export const retryEnv = {
  /** Tries per job before it lands in the dead-letter queue. */
  DEHANDLER_JOB_ATTEMPTS: positiveInt(5, 100),
  /** First retry delay; each further retry waits twice as long. */
  DEHANDLER_JOB_BACKOFF_MS: positiveInt(1000, 3_600_000),
};

/** The listed variables (none when no list was given) with their values: secrets in the environment never get here. */
export function labelVariablesFrom(allowed: readonly string[] | undefined, env: Env): LabelVariables {
  const names = allowed ?? [];
  return { allowed: names, values: Object.fromEntries(names.map((name) => [name, env[name]])) };
}
