import type { ContainerEventKind } from "@dehandler/engine";
import { counter, Gauge, type Counter, type Registry } from "@dehandler/service";

export type PublishSource = "event" | "sweep";

const EVENT_KINDS: readonly ContainerEventKind[] = ["start", "die", "destroy", "connect"];

/**
 * What the watcher counts, per engine followed (label `engine`: the endpoint as configured, so
 * the series exist before the engine ever answered; engines are few). No label ever carries a
 * container's name or id.
 */
export class WatcherMetrics {
  private readonly events: Counter<"engine" | "kind">;
  private readonly published: Counter<"engine" | "source">;
  private readonly reconnects: Counter<"engine">;
  private readonly connected: Gauge<"engine">;
  private readonly sweepSize: Gauge<"engine">;

  constructor(registry: Registry) {
    const registers = [registry];
    const labelNames = ["engine"] as const;
    this.events = counter(
      registry,
      "dehandler_watcher_events_total",
      "Container events received from the engine, by kind (start, die, destroy, connect: a network connected)",
      ["engine", "kind"],
    );
    this.published = counter(
      registry,
      "dehandler_watcher_jobs_published_total",
      "Jobs (starts, stops, network connects) handed to Redis, by what found them (a start seen twice is still one job)",
      ["engine", "source"],
    );
    this.reconnects = counter(
      registry,
      "dehandler_watcher_engine_reconnects_total",
      "Event subscriptions renewed after the first (engine or Redis trouble)",
      labelNames,
    );
    this.connected = new Gauge({
      name: "dehandler_watcher_engine_connected",
      help: "1 while the engine's event stream is followed, else 0",
      labelNames,
      registers,
    });
    this.sweepSize = new Gauge({
      name: "dehandler_watcher_sweep_containers",
      help: "Running containers found by the last sweep",
      labelNames,
      registers,
    });
  }

  /** The metrics of one engine; its zero series exist from now on, so rate() and absent() work at once. */
  forEngine(engine: string): EngineMetrics {
    for (const source of ["event", "sweep"] satisfies PublishSource[]) this.published.labels(engine, source).inc(0);
    for (const kind of EVENT_KINDS) this.events.labels(engine, kind).inc(0);
    this.reconnects.labels(engine).inc(0);
    this.connected.labels(engine).set(0);
    return {
      eventSeen: (kind) => this.events.labels(engine, kind).inc(),
      jobPublished: (source) => this.published.labels(engine, source).inc(),
      reconnected: () => this.reconnects.labels(engine).inc(),
      engineConnected: (connected) => this.connected.labels(engine).set(connected ? 1 : 0),
      swept: (size) => this.sweepSize.labels(engine).set(size),
    };
  }
}

/** One engine's share of the watcher's metrics. */
export interface EngineMetrics {
  eventSeen(kind: ContainerEventKind): void;
  jobPublished(source: PublishSource): void;
  reconnected(): void;
  engineConnected(connected: boolean): void;
  swept(size: number): void;
}
