import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startMany } from "../harness/containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { ReadOnlyEngineProxy } from "../harness/read-only-engine-proxy.js";

const t = useIntegration();

async function recordingProxy(name: string): Promise<{ proxy: ReadOnlyEngineProxy; endpoint: string }> {
  const proxy = new ReadOnlyEngineProxy(new URL(t.dockerHost).pathname);
  const endpoint = await proxy.listen();
  t.cleanup.defer(`${name} proxy`, () => proxy.close());
  return { proxy, endpoint };
}

describe("engine calls", () => {
  it("one inspect per start, by the worker; the watcher queues from the event alone; nothing polls", async () => {
    const watcherSide = await recordingProxy("watcher");
    const workerSide = await recordingProxy("worker");
    const stack = t.stack({ watcherEnv: { DOCKER_HOST: watcherSide.endpoint } });
    await stack.spawn("worker", { DOCKER_HOST: workerSide.endpoint });
    await stack.spawn("watcher");
    const seen = { watcher: watcherSide.proxy.allowed.length, worker: workerSide.proxy.allowed.length };

    const containers = await startMany(t.docker, t.cleanup, 10, (i) => ({
      name: t.unique(`calls-${i}`),
      image: t.image,
      labels: { ...t.runLabels, "docker-events.address": `add 192.0.2.${100 + i}/32 dev lo` },
    }));
    for (const container of containers) {
      expect((await stack.finished(container)).returnValue).toMatchObject({ outcome: "configured", applied: 1 });
    }
    expect(await ipInNetnsOf(containers[9]?.pid ?? 0, ["address", "show", "dev", "lo"])).toContain("192.0.2.109/32");

    const byWatcher = watcherSide.proxy.allowed.slice(seen.watcher);
    const byWorker = workerSide.proxy.allowed.slice(seen.worker);
    expect(byWatcher).toEqual([]);
    expect(byWorker.sort()).toEqual(containers.map((c) => `GET /containers/${c.id}/json`).sort());
    expect([...watcherSide.proxy.refused, ...workerSide.proxy.refused]).toEqual([]);

    // Idle: no request at all, from either.
    await sleep(3000);
    expect(watcherSide.proxy.allowed.length - seen.watcher).toBe(0);
    expect(workerSide.proxy.allowed.length - seen.worker).toBe(10);
  });
});
