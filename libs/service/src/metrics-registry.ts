import { collectDefaultMetrics, Counter, Registry } from "prom-client";

export { Counter, Gauge, Histogram, Registry } from "prom-client";

/** Every dehandler metric starts with this, process metrics included. */
export const METRIC_PREFIX = "dehandler_";

/**
 * A registry of the process's own (never prom-client's global one, so that tests can build
 * several apps in one process); with `processMetrics`, Node's default metrics (CPU, memory,
 * event-loop lag, GC, handles) under the dehandler_ prefix.
 */
export function createMetricsRegistry(options: { processMetrics: boolean }): Registry {
  const registry = new Registry();
  // Event-loop lag sampled every 100 ms, not prom-client's 10 ms: a timer firing 100 times a second
  // kept an idle worker at about 1 % of a core.
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX, eventLoopMonitoringPrecision: 100 });
  return registry;
}

/** A counter in `registry` (the metrics' one shape: name, help, labels). */
export function counter<Label extends string>(registry: Registry, name: string, help: string, labelNames: readonly Label[]): Counter<Label> {
  return new Counter({ name, help, labelNames, registers: [registry] });
}
