import { Queue } from "bullmq";
import type { EngineQueueNames } from "./queue-names.js";
import type { RedisConnectionOptions } from "./redis-connection.js";
import { RedisNotReadyError } from "./redis-not-ready-error.js";
import { describeRedisError } from "./redis-setting-problem.js";

export interface StartQueueDepth {
  waiting: number;
  active: number;
  delayed: number;
}

/**
 * Read-only numbers about one engine's queues, for health checks and metrics. Every read fails
 * at once while the connection is down, rather than queueing behind the reconnection (BullMQ's
 * connections never give up on a command): a probe must answer, not wait for Redis to return.
 */
export class QueueStats {
  private readonly jobs: Queue;
  private deadLetter: Queue | undefined;
  private readonly listeners: ((error: Error) => void)[] = [];
  private closing: Promise<void> | undefined;
  /** The last connection error, so that a probe can say why Redis is not ready (a refused password). */
  private lastError: Error | undefined;

  constructor(
    private readonly names: EngineQueueNames,
    private readonly connection: RedisConnectionOptions,
  ) {
    this.jobs = new Queue(names.jobs, { connection });
    this.jobs.on("error", (error) => void (this.lastError = error));
  }

  onError(listener: (error: Error) => void): void {
    this.listeners.push(listener);
    this.jobs.on("error", listener);
    this.deadLetter?.on("error", listener);
  }

  /** One round trip to Redis. */
  async ping(): Promise<void> {
    await this.startDepth();
  }

  async startDepth(): Promise<StartQueueDepth> {
    await this.ensureReady(this.jobs);
    const counts = await this.jobs.getJobCounts("waiting", "active", "delayed", "prioritized");
    // Prioritized jobs are waiting too; BullMQ merely keeps them in a set of their own.
    return { waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0), active: counts.active ?? 0, delayed: counts.delayed ?? 0 };
  }

  /** Entries in the dead-letter queue (nothing consumes it: they stay until someone removes them). */
  async deadLetterSize(): Promise<number> {
    const queue = this.deadLetterQueue();
    await this.ensureReady(queue);
    const counts = await queue.getJobCounts("waiting", "delayed", "prioritized");
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  close(): Promise<void> {
    this.closing ??= Promise.allSettled([this.jobs.close(), this.deadLetter?.close()]).then(() => undefined);
    return this.closing;
  }

  // Created on first use: the watcher only pings, and so never opens this connection.
  private deadLetterQueue(): Queue {
    if (this.closing !== undefined) throw new Error("queue stats are closed");
    if (this.deadLetter === undefined) {
      this.deadLetter = new Queue(this.names.deadLetter, { connection: this.connection });
      for (const listener of this.listeners) this.deadLetter.on("error", listener);
    }
    return this.deadLetter;
  }

  private async ensureReady(queue: Queue): Promise<void> {
    const client = await queue.getBackend().client;
    if (client.status === "ready") return;
    throw new RedisNotReadyError(client.status, this.lastError === undefined ? undefined : describeRedisError(this.lastError, this.connection));
  }
}
