import { engineQueueNames } from "@dehandler/contract";
import type Docker from "dockerode";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import type { AppProcess } from "../harness/app-process.js";
import { useIntegration } from "../harness/context.js";
import { createContainer, startContainer, type StartedContainer } from "../harness/containers.js";
import { dockerFromHost, PrivateEngine } from "../harness/docker-engine.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { Stack } from "../harness/stack.js";
import { ensureTestImage } from "../harness/test-image.js";
import { waitFor } from "../harness/wait-for.js";
import { sampleValue } from "../ops/prometheus-text.js";

const t = useIntegration();

interface EngineUnderTest {
  engine: PrivateEngine;
  docker: Docker;
  daemonId: string;
  stack: Stack;
  worker: AppProcess;
  image: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function metrics(port: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

describe("one watcher, two engines, one Redis", () => {
  it("configures each engine's containers through that engine's queue and worker, and one engine stopping leaves the other alone", async () => {
    // Two engines of this test's own, each with its own address pool and (in a private mount
    // namespace with its own /etc/docker/key.json) its own daemon ID.
    const engines = await Promise.all(
      ["10.221.0.0/16", "10.222.0.0/16"].map(async (pool) => {
        const engine = await PrivateEngine.create(["--iptables=false", "--default-address-pool", `base=${pool},size=24`], { ownIdentity: true });
        t.cleanup.defer(`private engine ${engine.dir}`, () => engine.remove());
        return engine;
      }),
    );
    await Promise.all(engines.map((engine) => engine.start()));

    const [a, b] = (await Promise.all(
      engines.map(async (engine): Promise<EngineUnderTest> => {
        const docker = dockerFromHost(engine.dockerHost);
        const daemonId = ((await docker.info()) as { ID: string }).ID;
        const image = await ensureTestImage(docker);
        // Queues named from the daemon ID, as in production: nobody tells the worker its engine.
        const stack = new Stack({ dockerHost: engine.dockerHost, redisUrl: t.redisUrl, engineId: daemonId, runLabel: t.runLabel }, t.cleanup);
        const worker = await stack.spawn("worker", { DEHANDLER_ENGINE_ID: "" });
        return { engine, docker, daemonId, stack, worker, image };
      }),
    )) as [EngineUnderTest, EngineUnderTest];
    expect(a.daemonId).not.toBe(b.daemonId);
    for (const side of [a, b]) {
      expect(side.worker.withMessage("worker taking jobs")[0]).toMatchObject({ queue: engineQueueNames(side.daemonId).jobs });
    }

    const port = await freePort();
    const watcher = await a.stack.spawn("watcher", {
      DEHANDLER_ENGINE_ID: "",
      DEHANDLER_ENGINES: `${a.engine.dockerHost},${b.engine.dockerHost}`,
      DEHANDLER_RECONNECT_MAX_MS: "1000",
      DEHANDLER_METRICS_PORT: String(port),
    });
    await waitFor(() => watcher.withMessage("following container events").length >= 2, { what: "the watcher to follow both engines" });
    const following = watcher.withMessage("following container events").map((line) => line.engine);
    expect(following.sort()).toEqual([a, b].map((side) => engineQueueNames(side.daemonId).engineId).sort());

    const run = async (side: EngineUnderTest, name: string, address: string): Promise<StartedContainer> => {
      const created = await createContainer(side.docker, t.cleanup, {
        name: t.unique(name),
        image: side.image,
        labels: { ...t.runLabels, "docker-events.address": `add ${address}/32 dev lo` },
      });
      return startContainer(created);
    };
    const expectConfigured = async (side: EngineUnderTest, other: EngineUnderTest, container: StartedContainer, address: string): Promise<void> => {
      expect(await side.stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
      expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain(`${address}/32`);
      // The job landed in this engine's queue only, and this engine's worker ran it.
      expect(await other.stack.queues.job(await side.stack.jobIdOf(container))).toBeUndefined();
      const ran = (worker: AppProcess): boolean =>
        worker.withMessage("container configured").some((line) => (line.container as { id?: string } | undefined)?.id === container.id.slice(0, 12));
      await waitFor(() => ran(side.worker), { what: `${container.name}'s worker to log it` });
      expect(ran(other.worker)).toBe(false);
    };

    const [onA, onB] = await Promise.all([run(a, "on-a", "192.0.2.61"), run(b, "on-b", "192.0.2.62")]);
    await expectConfigured(a, b, onA, "192.0.2.61");
    await expectConfigured(b, a, onB, "192.0.2.62");
    const before = await metrics(port);
    for (const side of [a, b]) expect(sampleValue(before, "dehandler_watcher_engine_connected", { engine: side.engine.dockerHost })).toBe(1);

    // Engine B goes away: A's containers are still configured, the watcher keeps running.
    await b.engine.stop();
    await waitFor(() => watcher.withMessage("engine unreachable; retrying").length > 0, { what: "the watcher to notice engine B is gone" });
    const later = await run(a, "later-on-a", "192.0.2.63");
    await expectConfigured(a, b, later, "192.0.2.63");
    expect(watcher.running).toBe(true);
    expect(watcher.withMessage("engine unreachable; retrying").every((line) => line.endpoint === b.engine.dockerHost)).toBe(true);
    const after = await metrics(port);
    expect(sampleValue(after, "dehandler_watcher_engine_connected", { engine: a.engine.dockerHost })).toBe(1);
    expect(sampleValue(after, "dehandler_watcher_engine_connected", { engine: b.engine.dockerHost })).toBe(0);
    expect(sampleValue(after, "dehandler_watcher_engine_reconnects_total", { engine: a.engine.dockerHost })).toBe(0);
  });
});
