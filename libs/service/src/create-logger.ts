import { pino, type Logger, type LevelWithSilent } from "pino";

export type { Logger };

// Redis URLs may carry a password; whatever path it is logged under, it is censored.
const REDACT = ["redisUrl", "*.redisUrl", "password", "*.password", "REDIS_URL", "*.REDIS_URL"];

export function createLogger(name: string, level: LevelWithSilent): Logger {
  return pino({ name, level, redact: { paths: REDACT, censor: "[redacted]" } });
}
