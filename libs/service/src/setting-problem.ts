import { ConfigError } from "./load-config.js";
import { maskRedisUrl } from "./mask-credentials.js";

/** A setting that the outside world refused (Redis turned the password down): a ConfigError's parts. */
export interface SettingProblem {
  variable: string;
  expected: string;
  /** May carry credentials (a Redis URL): masked here. */
  received: string | undefined;
}

/** The problem as the ConfigError that ends a process at start (one line, exit 2), credentials masked. */
export function settingProblemError(problem: SettingProblem): ConfigError {
  return new ConfigError(problem.variable, problem.expected, problem.received === undefined ? undefined : maskRedisUrl(problem.received));
}
