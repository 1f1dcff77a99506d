import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startMany, type StartedContainer } from "../harness/containers.js";
import { deferHostRouteRemoval, ipInNetnsOf, ipOnHost } from "../harness/kernel.js";
import { RecordingScripts } from "../harness/recording-scripts.js";
import type { Stack } from "../harness/stack.js";
import { freePort, startRedisServer } from "../harness/redis-server.js";
import { tempDir } from "../harness/temp-dir.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

describe("Redis restarted", () => {
  it("loses no start: waiting jobs survive (AOF), starts seen while Redis is down are queued after, both processes reconnect alone", async () => {
    const dir = await tempDir(t.cleanup, "/tmp/dhr-own-", "redis dir");
    const port = await freePort();
    let redis = await startRedisServer({ dir, port, appendOnly: true });
    t.cleanup.defer("own redis-server", () => redis.stop());

    const stack = t.stack({ redisUrl: redis.url });
    const worker = await stack.spawn("worker");
    const watcher = await stack.spawn("watcher");
    const prefix = t.unique("redis");
    const spec = (index: number) => ({
      name: `${prefix}-${index}`,
      image: t.image,
      labels: { ...t.runLabels, "docker-events.address": `add 10.251.0.${index + 1}/32 dev lo` },
    });

    // Jobs waiting in Redis when it restarts: no worker is taking them.
    worker.kill("SIGTERM");
    await worker.exited();
    const waiting = await startMany(t.docker, t.cleanup, 4, spec);
    await waitFor(async () => (await stack.queues.jobIds()).length === 4, { what: "four waiting jobs" });

    await redis.stop();
    // Starts the engine reports while Redis is down.
    const duringOutage = await startMany(t.docker, t.cleanup, 4, (i) => spec(i + 4));
    // Longer than the watcher's patience with a publish (5 s): it then resubscribes from the
    // last queued event, in case the engine dropped events for it meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    redis = await startRedisServer({ dir, port, appendOnly: true });

    const secondWorker = await stack.spawn("worker");
    for (const [index, container] of [...waiting, ...duringOutage].entries()) {
      expect(await stack.finished(container, 60_000)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
      expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain(`10.251.0.${index + 1}/32`);
    }
    expect(watcher.withMessage("queueing was held up; resubscribing from the last queued event")).toHaveLength(1);
    expect(watcher.running).toBe(true);
    expect(secondWorker.running).toBe(true);
    // One outage, a line or two — not one per reconnection attempt.
    expect(watcher.withMessage("redis connection error").length).toBeGreaterThanOrEqual(1);
    expect(watcher.withMessage("redis connection error").length).toBeLessThanOrEqual(2);
  });

  it("forgot everything (no persistence): every running container still configured, no start script runs twice, host routes still undone at the end", async () => {
    const dir = await tempDir(t.cleanup, "/tmp/dhr-forget-", "redis dir");
    const port = await freePort();
    let redis = await startRedisServer({ dir, port, appendOnly: false });
    t.cleanup.defer("own redis-server", () => redis.stop());
    const scripts = await RecordingScripts.create(t.cleanup);
    const prefix = t.unique("forgot");
    const count = 6;
    for (let i = 0; i <= count; i += 1) await scripts.add(`${prefix}-${i}`);
    const route = `198.${randomInt(18, 20)}.${randomInt(0, 256)}.0/24`;
    deferHostRouteRemoval(t.cleanup, route);
    const stack = t.stack({
      redisUrl: redis.url,
      env: { DEHANDLER_SCRIPTS_DIR: scripts.dir, DEHANDLER_HOST_CHANGES: "allow", DEHANDLER_HOST_ROUTE_CIDRS: "198.18.0.0/15" },
    });
    const worker = await stack.spawn("worker");
    const watcher = await stack.spawn("watcher");
    const spec = (index: number) => ({
      name: `${prefix}-${index}`,
      image: t.image,
      labels: {
        ...t.runLabels,
        "docker-events.address": `add 10.250.0.${index + 1}/32 dev lo`,
        ...(index === 0 ? { "docker-events.host-route": `add ${route} dev lo` } : {}),
      },
    });
    const running = await startMany(t.docker, t.cleanup, count, spec);
    for (const container of running)
      expect(await stack.finished(container, 60_000)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    await waitFor(async () => (await scripts.runs()).size >= count, { timeoutMs: 30_000, what: "every start script to have run" });
    expect(await ipOnHost(["route", "show", route])).toContain("dev lo");

    // Restarted with nothing: no job, no claim, no ledger.
    await redis.stop();
    redis = await startRedisServer({ dir, port, appendOnly: false });

    // The watcher's re-sweep queues every running container again; the worker finds each handled.
    for (const container of running) expect(await sweptAgain(stack, container)).toMatchObject({ outcome: "duplicate" });
    expect([...(await scripts.runs()).values()]).toEqual(Array.from({ length: count }, () => 1));
    for (const [index, container] of running.entries())
      expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain(`10.250.0.${index + 1}/32`);
    expect(
      worker.withMessage("Redis had forgotten this start, configured here before: its claim and host changes are recorded again; nothing runs twice")
        .length,
    ).toBe(count);
    const [routed] = running;
    if (routed === undefined) throw new Error("no container started");
    expect(await stack.queues.hostChanges.owners()).toEqual([routed.id]);

    // The host route is still undone when its container ends, and a new start is handled as ever.
    await t.docker.getContainer(routed.id).stop({ t: 0 });
    await waitFor(async () => (await ipOnHost(["route", "show", route])) === "", { timeoutMs: 20_000, what: "the host route to be undone on stop" });
    const [after] = await startMany(t.docker, t.cleanup, 1, () => spec(count));
    if (after === undefined) throw new Error("no container started");
    expect(await stack.finished(after, 30_000)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    expect((await scripts.runs()).get(after.name)).toBe(1);
    expect(worker.running).toBe(true);
    expect(watcher.running).toBe(true);
  }, 180_000);
});

/** The result of the sweep's job for this container, once it finished. */
async function sweptAgain(stack: Stack, container: StartedContainer): Promise<unknown> {
  return waitFor(
    async () => {
      for (const { id, data } of await stack.queues.jobs()) {
        if (data.containerId !== container.id || data.source !== "sweep") continue;
        const job = await stack.queues.job(id);
        if (job?.state === "completed") return job.returnValue;
      }
      return undefined;
    },
    { timeoutMs: 60_000, what: `a sweep job of ${container.name} to finish` },
  );
}
