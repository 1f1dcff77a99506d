import type { z } from "zod";
import { maskRedisUrl, maskUrlCredentials } from "./mask-credentials.js";

/** A bad setting: the process stops at start with one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly received: string | undefined,
  ) {
    const got = received === undefined ? "it is unset" : `got ${JSON.stringify(received)}`;
    super(`${variable}: expected ${expected}, ${got}`);
    this.name = "ConfigError";
  }
}

/**
 * Parses the environment with one schema whose keys are the variable names. Called by the
 * entry file, never at import time, so tests can build a config from any record they like.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Readonly<Record<string, string | undefined>>): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const variable = String(issue?.path[0] ?? "environment");
  const received = env[variable];
  // The value is echoed to help; a URL's password must not be.
  const shown = received === undefined ? undefined : variable === "REDIS_URL" ? maskRedisUrl(received) : maskUrlCredentials(received);
  throw new ConfigError(variable, issue?.message ?? "a valid value", shown);
}
