import {
  engineQueueNames,
  migrateLegacyKeys,
  movedAnything,
  QueueStats,
  ContainerJobPublisher,
  type EngineQueueNames,
  type RedisConnectionOptions,
} from "@dehandler/contract";
import { connectEngine, engineIdentity, pingEngine, type EngineTls } from "@dehandler/engine";
import { Backoff, throttledErrorLog, type BackoffOptions, type Logger, type ReadinessCheck } from "@dehandler/service";
import type Docker from "dockerode";
import type { EngineEndpoint } from "./config.js";
import { followEngine } from "./follow-engine.js";
import { publishEndedOwners, publishEvent, publishRunningContainer } from "./publish-container-jobs.js";
import type { EngineMetrics } from "./watcher-metrics.js";

export interface EngineWatchSettings {
  connection: RedisConnectionOptions;
  attempts: number;
  backoffMs: number;
  labelFilter: readonly string[];
  reconnectMaxMs: number;
  tls: EngineTls | undefined;
}

/** The first wait before trying the engine again; each further one is twice as long, up to DEHANDLER_RECONNECT_MAX_MS. */
const FIRST_RETRY_MS = 500;

/**
 * One engine followed by the watcher, with everything of its own: client, identity, queues,
 * reconnection and backoff, sweep and `since`. Nothing it does waits on another engine.
 */
export class EngineWatch {
  readonly docker: Docker;
  private names: EngineQueueNames | undefined;
  private publisher: ContainerJobPublisher | undefined;
  private stats: QueueStats | undefined;
  private log: Logger;
  private readonly reconnect: BackoffOptions;

  constructor(
    readonly endpoint: EngineEndpoint,
    private readonly settings: EngineWatchSettings,
    logger: Logger,
    private readonly metrics: EngineMetrics,
  ) {
    this.docker = connectEngine(endpoint.url, settings.tls);
    this.log = logger.child({ endpoint: endpoint.url });
    this.reconnect = { firstMs: FIRST_RETRY_MS, maxMs: settings.reconnectMaxMs };
  }

  /** The queue scope, once the engine told its daemon ID (or at once when the id was given). */
  get engineId(): string | undefined {
    return this.names?.engineId;
  }

  /** Asks the engine for its daemon ID (once), and opens this engine's queues. */
  async identify(): Promise<EngineQueueNames> {
    if (this.names !== undefined) return this.names;
    const names = engineQueueNames(await engineIdentity(this.docker, this.endpoint.id));
    if (this.names !== undefined) return this.names;
    this.names = names;
    this.log = this.log.child({ engine: names.engineId });
    this.publisher = new ContainerJobPublisher(names, this.settings.connection, {
      attempts: this.settings.attempts,
      backoffMs: this.settings.backoffMs,
    });
    this.publisher.onError(throttledErrorLog(this.log, "redis connection error"));
    this.stats = new QueueStats(names, this.settings.connection);
    this.stats.onError(throttledErrorLog(this.log, "redis connection error (health checks)"));
    return names;
  }

  /** One round trip to Redis through this engine's queues (once it was identified). */
  async pingRedis(): Promise<void> {
    if (this.stats === undefined) throw new Error("engine not identified yet");
    await this.stats.ping();
  }

  engineCheck(name: string): ReadinessCheck {
    return { name, check: (signal) => pingEngine(this.docker, signal) };
  }

  /**
   * Follows this engine until `signal` aborts. `onConnected` is called after each connection
   * (swept, following), `onFailure` after each failed attempt.
   */
  async run(signal: AbortSignal, onConnected: () => void, onFailure: () => void): Promise<void> {
    // An engine down when the watcher starts is identified later, with the same backoff.
    const backoff = new Backoff(this.reconnect);
    while (this.names === undefined && !signal.aborted) {
      try {
        await this.identify();
      } catch (error) {
        this.log.warn({ err: error, ...backoff.failed() }, "engine unreachable; retrying");
        onFailure();
        await backoff.wait(signal);
      }
    }
    const names = this.names;
    const publisher = this.publisher;
    if (signal.aborted || names === undefined || publisher === undefined) return;
    this.log.info({ queue: names.jobs }, "watcher starting");
    // Before the first sweep reads the host-change ledger: it may still be under its old names.
    await this.migrate(names, signal);
    if (signal.aborted) return;
    const deps = { docker: this.docker, publisher, engineId: names.engineId, logger: this.log, metrics: this.metrics };
    await followEngine(
      {
        docker: this.docker,
        labelFilter: this.settings.labelFilter,
        reconnect: this.reconnect,
        logger: this.log,
        metrics: this.metrics,
        publishEvent: (event, name) => publishEvent(deps, event, name),
        publishRunning: (containerId) => publishRunningContainer(deps, containerId),
        publishEndedOwners: (running) => publishEndedOwners(deps, running),
        onRedisReconnected: (listener) => publisher.onReconnected(listener),
      },
      signal,
      onConnected,
      onFailure,
    );
  }

  /** Moves keys of an older release to their hash-tagged names (waits for Redis, or for `signal`). */
  private async migrate(names: EngineQueueNames, signal: AbortSignal): Promise<void> {
    await migrateLegacyKeys(names, this.settings.connection, { signal }).then(
      (migrated) => {
        if (movedAnything(migrated)) this.log.info({ migrated }, "moved this engine's keys of an earlier release to today's names");
      },
      (error: unknown) => {
        if (!signal.aborted)
          this.log.error(
            { err: error },
            "could not move this engine's keys of an earlier release to today's names; the worker tries again at its start",
          );
      },
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.publisher?.close(), this.stats?.close()]);
  }
}
