import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { tempDir } from "../harness/temp-dir.js";
import { startRunContainer } from "../harness/test-containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { listenSilently, SocketProxy } from "../harness/socket-proxy.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

describe("engine connection", () => {
  it("reconnects after the event stream breaks and configures what started meanwhile", async () => {
    const engineSocket = new URL(t.dockerHost).pathname;
    const dir = await tempDir(t.cleanup, "/tmp/dhx-", "proxy dir");
    const proxy = new SocketProxy(join(dir, "engine.sock"), engineSocket);
    await proxy.listen();
    t.cleanup.defer("proxy", () => proxy.cut());

    const stack = await t.startStack({ watcherEnv: { DOCKER_HOST: `unix://${proxy.path}`, DEHANDLER_RECONNECT_MAX_MS: "1000" } });

    await proxy.cut();
    const container = await startRunContainer(t, {
      name: t.unique("during-outage"),
      labels: { "docker-events.address": "add 192.0.2.51/32 dev lo" },
    });
    await waitFor(() => stack.logs.withMessage("engine unreachable; retrying").length > 0, { what: "the watcher to notice the outage" });
    await proxy.listen();

    expect((await stack.finished(container)).returnValue).toMatchObject({ outcome: "configured", applied: 1 });
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain("192.0.2.51/32");
    expect(stack.logs.withMessage("engine event stream reconnected")).toHaveLength(1);
  });

  it("gives up on an engine that accepts connections but never answers, and still stops at once", async () => {
    const dir = await tempDir(t.cleanup, "/tmp/dhx-", "silent dir");
    const silent = await listenSilently(join(dir, "silent.sock"));
    t.cleanup.defer("silent socket", () => silent.close());
    const stack = t.stack({ watcherEnv: { DOCKER_HOST: `unix://${dir}/silent.sock` } });

    const starting = stack.startWatcher();
    starting.catch(() => undefined);
    await waitFor(() => stack.logs.withMessage("engine unreachable; retrying").length > 0, {
      what: "the watcher to give up on the silent engine",
      timeoutMs: 20_000,
    });
    const stopping = Date.now();
    await stack.stopWatcher();
    expect(Date.now() - stopping).toBeLessThan(2000);
  });
});
