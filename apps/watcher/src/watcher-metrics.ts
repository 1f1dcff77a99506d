import { Counter, Gauge, type Registry } from "@dehandler/service";

export type PublishSource = "event" | "sweep";

/** What the watcher counts. No label ever carries a container's name or id. */
export class WatcherMetrics {
  private readonly events: Counter;
  private readonly published: Counter<"source">;
  private readonly reconnects: Counter;
  private readonly connected: Gauge;
  private readonly sweepSize: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.events = new Counter({ name: "dehandler_watcher_events_total", help: "Container start events received from the engine", registers });
    this.published = new Counter({
      name: "dehandler_watcher_jobs_published_total",
      help: "Start jobs handed to Redis, by what found the start (a start seen twice is still one job)",
      labelNames: ["source"],
      registers,
    });
    this.reconnects = new Counter({ name: "dehandler_watcher_engine_reconnects_total", help: "Event subscriptions renewed after the first (engine or Redis trouble)", registers });
    this.connected = new Gauge({ name: "dehandler_watcher_engine_connected", help: "1 while the engine's event stream is followed, else 0", registers });
    this.sweepSize = new Gauge({ name: "dehandler_watcher_sweep_containers", help: "Running containers found by the last sweep", registers });
    // Zero series exist from the start, so that rate() and absent() work before the first job.
    for (const source of ["event", "sweep"] satisfies PublishSource[]) this.published.labels(source).inc(0);
  }

  eventSeen(): void {
    this.events.inc();
  }

  jobPublished(source: PublishSource): void {
    this.published.labels(source).inc();
  }

  reconnected(): void {
    this.reconnects.inc();
  }

  engineConnected(connected: boolean): void {
    this.connected.set(connected ? 1 : 0);
  }

  swept(size: number): void {
    this.sweepSize.set(size);
  }
}
