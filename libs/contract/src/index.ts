export { engineQueueNames, legacyEngineQueueNames, type EngineQueueNames } from "./queue-names.js";
export { migrateLegacyKeys, movedAnything, type MigrationOutcome } from "./migrate-legacy-keys.js";
export { jobIdOf, startStamp, type RetryPolicy } from "./job-catalog.js";
export { StartClaims, type ClaimOutcome } from "./start-claims.js";
export { HostChangeLedger, HostChangeSchema, type HostChange } from "./host-change-ledger.js";
export { HostLockTimeoutError } from "./host-lock-timeout-error.js";
export { ContainerJobSchema, jobKindOf, type ContainerJobKind, type ContainerJob } from "./container-job.js";
export { DeadLetterEntrySchema, type DeadLetterEntry } from "./dead-letter-entry.js";
export {
  connectionOptionsFor,
  plainRedisClient,
  redisConnectionOptions,
  type RedisConnectionOptions,
  type RedisTlsSettings,
} from "./redis-connection.js";
export { ContainerJobPublisher, type PublishOutcome } from "./container-job-publisher.js";
export { ContainerJobConsumer, type ContainerJobConsumerOptions, type ContainerJobContext } from "./container-job-consumer.js";
export { DeadLetterQueue, type SharedRedisClient } from "./dead-letter-queue.js";
export { categoryOf, DehandlerError, isPermanent, type DeadLetterDetails, type ErrorCategory } from "./dehandler-error.js";
export { QueueDiscovery, queueRefFromMetaKey, type DehandlerQueueKind, type DehandlerQueueRef, type InspectedQueue } from "./queue-discovery.js";
export { EngineQueueAdmin, type EngineQueueStatus, type EnqueueOutcome, type RetryOutcome } from "./engine-queue-admin.js";
export { discoverEngineScopes, probeRedis } from "./discover-engines.js";
export { QueueStats, type StartQueueDepth } from "./queue-stats.js";
export { WorkerCensus } from "./worker-census.js";
export { RedisNotReadyError } from "./redis-not-ready-error.js";
export { checkRedisSettings, REDIS_BACKOFF, type CheckRedisSettingsOptions } from "./check-redis-settings.js";
