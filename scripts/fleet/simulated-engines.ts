import {
  ContainerJobConsumer,
  ContainerJobPublisher,
  engineQueueNames,
  type ContainerJob,
  type EngineQueueNames,
  type RedisConnectionOptions,
} from "@dehandler/contract";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * One simulated engine: the watcher's side (a ContainerJobPublisher) and the worker's side (a
 * ContainerJobConsumer) of the real contract, with a no-op executor: jobs are published and
 * consumed exactly as the processes do, without namespaces or an engine.
 */
export interface SimulatedEngine {
  names: EngineQueueNames;
  publisher: ContainerJobPublisher;
  consumer: ContainerJobConsumer | undefined;
}

export interface Completion {
  /** Publish to finished (the job's seenAt to BullMQ's finishedOn), ms. */
  latencyMs: number;
  at: number;
}

export class SimulatedFleet {
  readonly engines: SimulatedEngine[] = [];
  private readonly completions: Completion[] = [];
  private published = 0;

  constructor(
    private readonly connection: RedisConnectionOptions,
    private readonly runId: string,
  ) {}

  /** Opens `count` engines more; with consumers only when `consume` (queues for discovery otherwise). */
  async add(count: number, consume: boolean, concurrency = 4): Promise<void> {
    const first = this.engines.length;
    for (let i = first; i < first + count; i++) {
      const names = engineQueueNames(`fleet-${this.runId}-${i}`);
      const publisher = new ContainerJobPublisher(names, this.connection, { attempts: 3, backoffMs: 1000 });
      publisher.onError(() => undefined);
      let consumer: ContainerJobConsumer | undefined;
      if (consume) {
        // What a real worker does in Redis per start besides BullMQ: claim it. Nothing else runs.
        const claimed: ContainerJobConsumer = new ContainerJobConsumer(
          { names, connection: this.connection, concurrency, lockDurationMs: 30_000 },
          async ({ id, data }) => {
            await claimed.claims.claim(data.containerId, data.startedAt ?? "", id);
            return { outcome: "configured", applied: 0, already: 0, script: "none" };
          },
        );
        consumer = claimed;
        consumer.onError(() => undefined);
        consumer.onCompleted((data, finishedAt) => this.completions.push({ latencyMs: finishedAt - data.seenAt, at: finishedAt }));
        consumer.start();
      }
      this.engines.push({ names, publisher, consumer });
    }
    await Promise.all(this.engines.slice(first).map(async (engine) => engine.consumer?.waitUntilReady()));
  }

  /** One start job for engine `index`, as the watcher queues a sweep's find. */
  async publish(index: number): Promise<void> {
    const engine = this.engines[index % this.engines.length];
    if (engine === undefined) throw new Error("no engine");
    this.published += 1;
    const job: ContainerJob = {
      containerId: randomBytes(32).toString("hex"),
      containerName: `sim-${this.published}`,
      startedAt: new Date().toISOString(),
      engineId: engine.names.engineId,
      source: "sweep",
      seenAt: Date.now(),
    };
    await engine.publisher.publish(job);
  }

  /** Publishes as fast as `lanes` publishers in flight allow, until `until`. */
  async flood(until: number, lanes: number): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (Date.now() < until) await this.publish(next++);
    };
    await Promise.all(Array.from({ length: lanes }, lane));
  }

  /** Publishes `ratePerSecond` jobs a second, spread over the engines, until `until`. */
  async paced(ratePerSecond: number, until: number): Promise<void> {
    const tickMs = 10;
    const started = Date.now();
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    let next = 0;
    while (Date.now() < until) {
      const due = Math.floor(((Date.now() - started) / 1000) * ratePerSecond);
      for (; sent < due; sent++) {
        const publish = this.publish(next++).finally(() => inFlight.delete(publish));
        inFlight.add(publish);
      }
      await sleep(tickMs);
    }
    await Promise.all(inFlight);
  }

  /** Completions finished within [from, to). */
  completedBetween(from: number, to: number): Completion[] {
    return this.completions.filter((completion) => completion.at >= from && completion.at < to);
  }

  get completedCount(): number {
    return this.completions.length;
  }

  async waitForCompletions(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.completions.length < count && Date.now() < deadline) await sleep(50);
  }

  async close(): Promise<void> {
    await Promise.allSettled(
      this.engines.flatMap((engine): Promise<unknown>[] => [
        engine.publisher.close(),
        ...(engine.consumer === undefined ? [] : [engine.consumer.close(5000)]),
      ]),
    );
  }
}
