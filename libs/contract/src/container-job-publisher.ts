import { Queue } from "bullmq";
import type { ContainerJob } from "./container-job.js";
import { addContainerJob, type RetryPolicy } from "./job-catalog.js";
import type { EngineQueueNames } from "./queue-names.js";
import type { RedisConnectionOptions } from "./redis-connection.js";
import { HostChangeLedger } from "./host-change-ledger.js";
import { StartClaims } from "./start-claims.js";

export interface PublishOutcome {
  jobId: string;
}

export class ContainerJobPublisher {
  private readonly queue: Queue;
  /** The sweep asks these before queueing a start that may have been handled already. */
  readonly claims: StartClaims;
  /** Which container holds which host change. */
  readonly hostChanges: HostChangeLedger;
  private closing: Promise<void> | undefined;

  constructor(
    names: EngineQueueNames,
    connection: RedisConnectionOptions,
    private readonly retry: RetryPolicy,
  ) {
    this.queue = new Queue(names.jobs, { connection });
    this.claims = new StartClaims(names, this.queue);
    this.hostChanges = new HostChangeLedger(names, this.queue);
  }

  /** Registers a listener for connection errors; without one they would be unhandled. */
  onError(listener: (error: Error) => void): void {
    this.queue.on("error", listener);
  }

  /**
   * Calls `listener` each time the connection to Redis is made again after the first: a Redis
   * restarted (perhaps without its data) or a Sentinel failover to a replica that may lack the
   * last jobs acknowledged before it. The caller then sweeps, so that no start is lost.
   */
  onReconnected(listener: () => void): void {
    void this.queue.getBackend().client.then(
      (client) => {
        let connectedBefore = client.status === "ready";
        client.on("ready", () => {
          if (connectedBefore) listener();
          connectedBefore = true;
        });
      },
      () => undefined,
    );
  }

  async publish(job: ContainerJob): Promise<PublishOutcome> {
    return { jobId: await addContainerJob(this.queue, job, this.retry) };
  }

  close(): Promise<void> {
    this.closing ??= this.queue.close();
    return this.closing;
  }
}
