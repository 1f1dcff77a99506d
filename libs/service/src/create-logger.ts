import { pino, stdSerializers, type DestinationStream, type Logger, type LevelWithSilent } from "pino";
import { maskUrlCredentials } from "./mask-credentials.js";

export type { Logger };

// Redis URLs may carry a password; whatever path it is logged under, it is censored.
const REDACT = [
  "redisUrl",
  "*.redisUrl",
  "password",
  "*.password",
  "REDIS_URL",
  "*.REDIS_URL",
  "sentinelPassword",
  "*.sentinelPassword",
  "DEHANDLER_REDIS_SENTINEL_PASSWORD",
  "*.DEHANDLER_REDIS_SENTINEL_PASSWORD",
];

// ioredis attaches the failed command to its errors, and it authenticates with
// `HELLO 3 AUTH <user> <password>` (or `AUTH`): an error object logged as is would print the
// password under err.command.args. Those arguments are censored, and any URL credentials in
// a logged error's strings (message, stack) are masked.
const SECRET_COMMANDS = new Set(["auth", "hello", "migrate", "acl"]);

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return maskUrlCredentials(value);
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrub(item, depth + 1);
  const command = copy.command;
  if (
    typeof command === "object" &&
    command !== null &&
    "name" in command &&
    typeof command.name === "string" &&
    SECRET_COMMANDS.has(command.name.toLowerCase())
  ) {
    copy.command = { ...command, args: "[redacted]" };
  }
  return copy;
}

function serializeError(value: unknown): unknown {
  return scrub(value instanceof Error ? stdSerializers.err(value) : value, 0);
}

/** `destination` is for tests; the processes log JSON lines to stdout. */
export function createLogger(name: string, level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = {
    name,
    level,
    redact: { paths: REDACT, censor: "[redacted]" },
    serializers: { err: serializeError, error: serializeError },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
