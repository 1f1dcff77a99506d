import { mkdtemp, rm } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startMany } from "../harness/containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { freePort, startRedisServer } from "../harness/redis-server.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

describe("Redis restarted", () => {
  it("loses no start: waiting jobs survive (AOF), starts seen while Redis is down are queued after, both processes reconnect alone", async () => {
    const dir = await mkdtemp("/tmp/dhr-own-");
    t.cleanup.defer(`redis dir ${dir}`, () => rm(dir, { recursive: true, force: true }));
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
});
