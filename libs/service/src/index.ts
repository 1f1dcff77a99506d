export { loadConfig, ConfigError } from "./load-config.js";
export { commonEnv, DEFAULT_REDIS_URL, listOf, positiveInt, type CommonEnv } from "./common-env.js";
export { createLogger, type Logger } from "./create-logger.js";
export { onShutdownSignal } from "./on-shutdown-signal.js";
export { runMain } from "./run-main.js";
export { throttledErrorLog } from "./throttled-error-log.js";
