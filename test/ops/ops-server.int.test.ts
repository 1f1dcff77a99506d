import {
  createMetricsRegistry,
  Counter,
  createLogger,
  OpsServer,
  OpsServerListenError,
  runReadinessChecks,
  type ReadinessCheck,
} from "@dehandler/service";
import { describe, expect, it } from "vitest";
import { loadWatcherConfig } from "../../apps/watcher/src/config.js";
import { loadWorkerConfig } from "../../apps/worker/src/config.js";
import { useIntegration } from "../harness/context.js";
import { sampleValue } from "./prometheus-text.js";

// The ops server in-process, with checks of the test's own: no engine or Redis is involved,
// but it listens on a real port.
const t = useIntegration();
const logger = createLogger("ops-test", "silent");

const ok = (name: string): ReadinessCheck => ({ name, check: () => Promise.resolve() });
const failing = (name: string, message: string): ReadinessCheck => ({ name, check: () => Promise.reject(new Error(message)) });
const hanging = (name: string): ReadinessCheck => ({ name, check: () => new Promise(() => undefined) });

async function serve(options: { readiness?: ReadinessCheck[]; alive?: () => boolean; checkTimeoutMs?: number } = {}) {
  const registry = createMetricsRegistry({ processMetrics: true });
  const server = await OpsServer.start({
    host: "127.0.0.1",
    port: 0,
    registry,
    readiness: options.readiness ?? [ok("redis"), ok("engine")],
    alive: options.alive ?? (() => true),
    ...(options.checkTimeoutMs === undefined ? {} : { checkTimeoutMs: options.checkTimeoutMs }),
    logger,
  });
  t.cleanup.defer("ops server", () => server.close());
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
  };
  return { server, registry, get };
}

describe("ops server", () => {
  it("/healthz answers 200 while alive and 503 once the loop has ended", async () => {
    let alive = true;
    const { get } = await serve({ alive: () => alive });
    expect(await get("/healthz")).toMatchObject({ status: 200, body: '{"status":"alive"}\n' });
    alive = false;
    expect(await get("/healthz")).toMatchObject({ status: 503, body: '{"status":"stopped"}\n' });
  });

  it("/readyz answers 200 when every check passes, else 503 naming each failed check and why", async () => {
    expect((await (await serve()).get("/readyz")).status).toBe(200);
    const { get } = await serve({ readiness: [failing("redis", "redis connection is reconnecting; expected ready"), ok("engine")] });
    const answer = await get("/readyz");
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({
      status: "not ready",
      failed: ["redis"],
      checks: { redis: "redis connection is reconnecting; expected ready", engine: "ok" },
    });
  });

  it("/readyz does not wait for a check that hangs past its timeout", async () => {
    const { get } = await serve({ readiness: [hanging("engine"), ok("redis")], checkTimeoutMs: 200 });
    const started = Date.now();
    const answer = await get("/readyz");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ failed: ["engine"], checks: { engine: "no answer within 200 ms", redis: "ok" } });
  });

  it("/metrics serves the registry in Prometheus's text format, process metrics under dehandler_", async () => {
    const { registry, get } = await serve();
    new Counter({ name: "dehandler_test_things_total", help: "things", registers: [registry] }).inc(3);
    const answer = await get("/metrics");
    expect(answer.status).toBe(200);
    expect(answer.type).toContain("text/plain");
    expect(sampleValue(answer.body, "dehandler_test_things_total")).toBe(3);
    expect(sampleValue(answer.body, "dehandler_process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(answer.body).toContain("dehandler_nodejs_eventloop_lag_seconds");
  });

  it("answers 404 elsewhere and 405 to anything but GET", async () => {
    const { server, get } = await serve();
    expect((await get("/")).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`, { method: "POST" })).status).toBe(405);
  });

  it("a taken port stops the start with an error naming the address and the setting", async () => {
    const { server } = await serve();
    const taken = OpsServer.start({
      host: "127.0.0.1",
      port: server.port,
      registry: createMetricsRegistry({ processMetrics: false }),
      readiness: [],
      alive: () => true,
      logger,
    });
    await expect(taken).rejects.toBeInstanceOf(OpsServerListenError);
    await expect(taken).rejects.toThrow(`cannot listen on 127.0.0.1:${server.port} for /healthz, /readyz and /metrics (EADDRINUSE)`);
  });

  it("close is idempotent and frees the port, even with a keep-alive connection open", async () => {
    const { server, get } = await serve();
    await get("/healthz");
    const first = server.close();
    expect(server.close()).toBe(first);
    await first;
    await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
  });
});

describe("runReadinessChecks", () => {
  it("runs the checks at once and masks credentials in what they report", async () => {
    const report = await runReadinessChecks([failing("redis", "cannot reach redis://:hunter2@10.0.0.1:6379"), ok("engine")], 500);
    expect(report).toEqual({
      ready: false,
      failed: ["redis"],
      checks: [
        { name: "redis", ok: false, error: "cannot reach redis://:***@10.0.0.1:6379" },
        { name: "engine", ok: true },
      ],
    });
  });
});

describe("DEHANDLER_METRICS_PORT and DEHANDLER_METRICS_HOST", () => {
  it.each([
    [{}, 9464, 9465, "127.0.0.1"],
    [{ DEHANDLER_METRICS_PORT: "0" }, 0, 0, "127.0.0.1"],
    [{ DEHANDLER_METRICS_PORT: "19100", DEHANDLER_METRICS_HOST: "0.0.0.0" }, 19100, 19100, "0.0.0.0"],
    [{ DEHANDLER_METRICS_HOST: "::1" }, 9464, 9465, "::1"],
  ])("%j → watcher %d, worker %d, host %s", (env, watcherPort, workerPort, host) => {
    expect(loadWatcherConfig(env)).toMatchObject({ DEHANDLER_METRICS_PORT: watcherPort, DEHANDLER_METRICS_HOST: host });
    expect(loadWorkerConfig(env)).toMatchObject({ DEHANDLER_METRICS_PORT: workerPort, DEHANDLER_METRICS_HOST: host });
  });

  it.each([
    [{ DEHANDLER_METRICS_PORT: "65536" }, 'DEHANDLER_METRICS_PORT: expected a port from 1 to 65535, or 0 for no ops server, got "65536"'],
    [{ DEHANDLER_METRICS_PORT: "-1" }, 'DEHANDLER_METRICS_PORT: expected a port from 1 to 65535, or 0 for no ops server, got "-1"'],
    [{ DEHANDLER_METRICS_PORT: "metrics" }, 'DEHANDLER_METRICS_PORT: expected a port from 1 to 65535, or 0 for no ops server, got "metrics"'],
    [{ DEHANDLER_METRICS_HOST: "http://0.0.0.0" }, 'DEHANDLER_METRICS_HOST: expected an IP address or host name to listen on, got "http://0.0.0.0"'],
  ])("%j is refused", (env, message) => {
    expect(() => loadWatcherConfig(env)).toThrow(message);
    expect(() => loadWorkerConfig(env)).toThrow(message);
  });
});
