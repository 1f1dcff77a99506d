import { execa } from "execa";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import type { AppProcess } from "../harness/app-process.js";
import { startMany, type StartedContainer } from "../harness/containers.js";
import { useIntegration } from "../harness/context.js";
import { freePort, startRedisServer } from "../harness/redis-server.js";
import { tempDir } from "../harness/temp-dir.js";
import { waitFor } from "../harness/wait-for.js";
import { sampleValue } from "./prometheus-text.js";

// The real watcher and worker processes, each with its ops server on a free port.
const t = useIntegration();

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
}

async function readyz(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await get(port, "/readyz");
  return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> };
}

/** The TCP ports this process listens on (the tests run as root: ss sees every process). */
async function listeningPorts(child: AppProcess): Promise<number[]> {
  const { stdout } = await execa("ss", ["-ltnpH"]);
  return stdout
    .split("\n")
    .filter((line) => line.includes(`pid=${child.pid},`))
    .map((line) => Number(/:(\d+)\s/.exec(line)?.[1]));
}

function labeled(prefix: string) {
  return (index: number) => ({
    name: `${prefix}-${index}`,
    image: t.image,
    labels: { ...t.runLabels, "docker-events.address": `add 10.253.${index}.1/32 dev lo;add 10.253.${index}.2/32 dev lo` },
  });
}

describe("ops endpoints of the real processes", () => {
  it("/healthz and /readyz answer 200, and /metrics counts the events, jobs, parts and latency of configured containers", async () => {
    const [watcherPort, workerPort] = [await freePort(), await freePort()];
    const stack = t.stack();
    const worker = await stack.spawn("worker", { DEHANDLER_METRICS_PORT: String(workerPort) });
    const prefix = t.unique("ops");
    const spec = labeled(prefix);
    // Two already running when the watcher starts (its sweep), one started after (an event).
    const before = await startMany(t.docker, t.cleanup, 2, spec);
    const watcher = await stack.spawn("watcher", { DEHANDLER_METRICS_PORT: String(watcherPort) });
    const after = await startMany(t.docker, t.cleanup, 1, (i) => spec(i + 2));
    const containers: StartedContainer[] = [...before, ...after];
    for (const container of containers)
      expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });

    for (const port of [watcherPort, workerPort]) {
      expect(await get(port, "/healthz")).toEqual({ status: 200, body: '{"status":"alive"}\n' });
      expect(await readyz(port)).toEqual({ status: 200, body: { status: "ready", checks: { redis: "ok", engine: "ok" } } });
    }
    expect(watcher.withMessage("ops server listening")[0]).toMatchObject({ host: "127.0.0.1", port: watcherPort });
    expect(worker.withMessage("ops server listening")[0]).toMatchObject({ host: "127.0.0.1", port: workerPort });
    expect(await listeningPorts(worker)).toEqual([workerPort]);

    const watcherMetrics = (await get(watcherPort, "/metrics")).body;
    expect(sampleValue(watcherMetrics, "dehandler_watcher_events_total", { kind: "start" })).toBe(1);
    expect(sampleValue(watcherMetrics, "dehandler_watcher_jobs_published_total", { source: "event" })).toBe(1);
    expect(sampleValue(watcherMetrics, "dehandler_watcher_jobs_published_total", { source: "sweep" })).toBe(2);
    expect(sampleValue(watcherMetrics, "dehandler_watcher_sweep_containers")).toBe(2);
    expect(sampleValue(watcherMetrics, "dehandler_watcher_engine_reconnects_total")).toBe(0);
    expect(sampleValue(watcherMetrics, "dehandler_watcher_engine_connected")).toBe(1);
    expect(sampleValue(watcherMetrics, "dehandler_process_resident_memory_bytes")).toBeGreaterThan(0);

    // A job ends just after its state is written: give the worker's counters that moment.
    const workerMetrics = await waitFor(
      async () => {
        const body = (await get(workerPort, "/metrics")).body;
        return sampleValue(body, "dehandler_worker_start_to_configured_seconds_count") === 3 ? body : undefined;
      },
      { what: "three latencies observed" },
    );
    expect(sampleValue(workerMetrics, "dehandler_worker_jobs_total", { outcome: "configured" })).toBe(3);
    for (const outcome of ["container-gone", "superseded", "nothing-to-do", "failed-retrying", "dead-lettered"]) {
      expect(sampleValue(workerMetrics, "dehandler_worker_jobs_total", { outcome }), outcome).toBe(0);
    }
    expect(sampleValue(workerMetrics, "dehandler_worker_label_parts_total", { label: "address", outcome: "applied" })).toBe(6);
    expect(sampleValue(workerMetrics, "dehandler_worker_label_parts_total", { label: "address", outcome: "failed" })).toBe(0);
    expect(sampleValue(workerMetrics, "dehandler_worker_start_to_configured_seconds_bucket", { le: "60" })).toBe(3);
    expect(sampleValue(workerMetrics, "dehandler_worker_start_to_configured_seconds_bucket", { le: "0.05" })).toBeLessThanOrEqual(3);
    expect(sampleValue(workerMetrics, "dehandler_worker_queue_jobs", { state: "waiting" })).toBe(0);
    expect(sampleValue(workerMetrics, "dehandler_worker_queue_jobs", { state: "active" })).toBe(0);
    expect(sampleValue(workerMetrics, "dehandler_worker_dead_letter_jobs")).toBe(0);
    // Bounded cardinality: no container name or id ever becomes a label.
    for (const container of containers) {
      for (const body of [watcherMetrics, workerMetrics]) {
        expect(body).not.toContain(container.name);
        expect(body).not.toContain(container.id.slice(0, 12));
      }
    }
  });

  it("/readyz answers 503 naming redis once Redis stops, while /healthz stays 200 and /metrics still answers", async () => {
    const dir = await tempDir(t.cleanup, "/tmp/dhr-ops-", "redis dir");
    const redisPort = await freePort();
    let redis = await startRedisServer({ dir, port: redisPort, appendOnly: false });
    t.cleanup.defer("own redis-server", () => redis.stop());
    const [watcherPort, workerPort] = [await freePort(), await freePort()];
    const stack = t.stack({ redisUrl: redis.url });
    await stack.spawn("worker", { DEHANDLER_METRICS_PORT: String(workerPort) });
    await stack.spawn("watcher", { DEHANDLER_METRICS_PORT: String(watcherPort) });
    for (const port of [watcherPort, workerPort]) expect((await readyz(port)).status).toBe(200);

    await redis.stop();
    for (const port of [watcherPort, workerPort]) {
      const answer = await waitFor(
        async () => {
          const got = await readyz(port);
          return got.status === 503 ? got : undefined;
        },
        { what: `port ${port} to be not ready` },
      );
      expect(answer.body).toMatchObject({ status: "not ready", failed: ["redis"], checks: { engine: "ok" } });
      expect((answer.body.checks as Record<string, string>).redis).toMatch(
        /^redis connection is (connecting|reconnecting|close|end); expected ready$|^no answer within/,
      );
      expect((await get(port, "/healthz")).status).toBe(200);
    }
    const started = Date.now();
    const metrics = await get(workerPort, "/metrics");
    expect(Date.now() - started).toBeLessThan(5000);
    expect(metrics.status).toBe(200);
    expect(sampleValue(metrics.body, "dehandler_worker_dead_letter_jobs")).toBeNaN();

    // Back again: ready without a restart (and the stack's cleanup can reach its queues).
    redis = await startRedisServer({ dir, port: redisPort, appendOnly: false });
    for (const port of [watcherPort, workerPort]) {
      await waitFor(async () => (await readyz(port)).status === 200, { what: `port ${port} to be ready again`, timeoutMs: 30_000 });
    }
    expect(sampleValue((await get(workerPort, "/metrics")).body, "dehandler_worker_dead_letter_jobs")).toBe(0);
  });

  it("DEHANDLER_METRICS_PORT=0: no listener at all", async () => {
    const stack = t.stack();
    const worker = await stack.spawn("worker", { DEHANDLER_METRICS_PORT: "0" });
    const watcher = await stack.spawn("watcher", { DEHANDLER_METRICS_PORT: "0" });
    for (const child of [worker, watcher]) {
      expect(child.withMessage("ops server listening")).toEqual([]);
      expect(await listeningPorts(child)).toEqual([]);
    }
  });

  it("a port already taken stops the process at start, naming the address and the setting", async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    t.cleanup.defer("port holder", () => new Promise<void>((resolve) => holder.close(() => resolve())));
    const port = (holder.address() as { port: number }).port;
    const stack = t.stack();
    await expect(stack.spawn("worker", { DEHANDLER_METRICS_PORT: String(port) })).rejects.toThrow(
      `dehandler-worker: failed to start: cannot listen on 127.0.0.1:${port} for /healthz, /readyz and /metrics (EADDRINUSE)`,
    );
  });
});
