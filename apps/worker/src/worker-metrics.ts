import type { QueueStats } from "@dehandler/contract";
import { LABEL_KEYS, type LabelKey } from "@dehandler/labels";
import { counter, Gauge, Histogram, type Counter, type Registry } from "@dehandler/service";

export type JobOutcome =
  | "configured"
  | "ended"
  | "container-gone"
  | "superseded"
  | "duplicate"
  | "nothing-to-do"
  | "start-dead-lettered"
  | "failed-retrying"
  | "dead-lettered";
export type PartOutcome = "applied" | "already" | "failed";

const JOB_OUTCOMES: readonly JobOutcome[] = [
  "configured",
  "ended",
  "container-gone",
  "superseded",
  "duplicate",
  "nothing-to-do",
  "start-dead-lettered",
  "failed-retrying",
  "dead-lettered",
];
const PART_OUTCOMES: readonly PartOutcome[] = ["applied", "already", "failed"];
const LABEL_KINDS = LABEL_KEYS.map(labelKind);
const QUEUE_STATES = ["waiting", "active", "delayed"] as const;

/** From 50 ms (a quiet host) to a minute (retries, a slow start script). */
export const LATENCY_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60];

/** How long a scrape waits for Redis before leaving the queue gauges out. */
const QUEUE_READ_TIMEOUT_MS = 1000;

/** `docker-events.host-route` → `host-route`: a fixed, small set of label values. */
export function labelKind(label: LabelKey): string {
  return label.replace(/^docker-events\./, "");
}

/** Seconds from the watcher seeing the start to the container being configured; never negative (clocks). */
export function secondsSince(seenAtMs: number, nowMs: number): number {
  return Math.max(0, nowMs - seenAtMs) / 1000;
}

/** What the worker counts. No label ever carries a container's name or id, or label text. */
export class WorkerMetrics {
  private readonly jobs: Counter<"outcome">;
  private readonly parts: Counter<"label" | "outcome">;
  private readonly latency: Histogram;
  private readonly ipProcesses: Counter<"target">;

  constructor(registry: Registry, queueStats?: QueueStats) {
    const registers = [registry];
    this.jobs = counter(registry, "dehandler_worker_jobs_total", "Jobs handled (starts, stops, network connects), by how each attempt ended", [
      "outcome",
    ]);
    this.parts = counter(
      registry,
      "dehandler_worker_label_parts_total",
      "Label parts run, by label kind and outcome (already: an add found it there, a delete found it gone)",
      ["label", "outcome"],
    );
    this.latency = new Histogram({
      name: "dehandler_worker_start_to_configured_seconds",
      help: "From the watcher seeing a container start to the worker having configured it",
      buckets: LATENCY_BUCKETS_SECONDS,
      registers,
    });
    this.ipProcesses = counter(
      registry,
      "dehandler_worker_ip_processes_total",
      "nsenter/ip processes spawned to apply label parts, by where they ran (container or host)",
      ["target"],
    );
    // Zero series exist from the start, so that rate() and increase() see the first one.
    for (const outcome of JOB_OUTCOMES) this.jobs.labels(outcome).inc(0);
    for (const target of ["container", "host"] as const) this.ipProcesses.labels(target).inc(0);
    for (const label of LABEL_KINDS) for (const outcome of PART_OUTCOMES) this.parts.labels(label, outcome).inc(0);
    if (queueStats !== undefined) registerQueueGauges(registers, queueStats);
  }

  jobEnded(outcome: JobOutcome): void {
    this.jobs.labels(outcome).inc();
  }

  partRan(label: LabelKey, outcome: PartOutcome): void {
    this.parts.labels(labelKind(label), outcome).inc();
  }

  ipProcessSpawned(target: "container" | "host"): void {
    this.ipProcesses.labels(target).inc();
  }

  configured(seenAtMs: number, nowMs = Date.now()): void {
    this.latency.observe(secondsSince(seenAtMs, nowMs));
  }
}

/** Read from Redis at each scrape; while Redis does not answer they read NaN (unknown), never a stale or zero count. */
function registerQueueGauges(registers: Registry[], stats: QueueStats): void {
  new Gauge({
    name: "dehandler_worker_queue_jobs",
    help: "Start jobs in this engine's queue, by state (read from Redis at scrape time)",
    labelNames: ["state"],
    registers,
    async collect() {
      const depth = await withTimeout(stats.startDepth(), QUEUE_READ_TIMEOUT_MS).catch(() => undefined);
      for (const state of QUEUE_STATES) this.labels(state).set(depth?.[state] ?? Number.NaN);
    },
  });
  new Gauge({
    name: "dehandler_worker_dead_letter_jobs",
    help: "Entries in this engine's dead-letter queue (read from Redis at scrape time)",
    registers,
    async collect() {
      const size = await withTimeout(stats.deadLetterSize(), QUEUE_READ_TIMEOUT_MS).catch(() => undefined);
      this.set(size ?? Number.NaN);
    },
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
