import { collectDefaultMetrics, Registry } from "prom-client";

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
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return registry;
}
