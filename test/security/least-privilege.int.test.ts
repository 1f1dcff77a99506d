import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startRunContainer } from "../harness/test-containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { ReadOnlyEngineProxy } from "../harness/read-only-engine-proxy.js";

const t = useIntegration();

describe("least privilege", () => {
  it("the watcher works through a read-only engine proxy on TCP (events, container list, info)", async () => {
    const proxy = new ReadOnlyEngineProxy(new URL(t.dockerHost).pathname);
    const endpoint = await proxy.listen();
    t.cleanup.defer("read-only proxy", () => proxy.close());
    const stack = t.stack({ watcherEnv: { DOCKER_HOST: endpoint } });
    await stack.spawn("worker");
    await stack.spawn("watcher");

    const container = await startRunContainer(t, {
      name: t.unique("proxied"),
      labels: { "docker-events.address": "add 192.0.2.44/32 dev lo" },
    });
    expect((await stack.finished(container)).returnValue).toMatchObject({ outcome: "configured" });
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain("192.0.2.44/32");
    expect(proxy.refused).toEqual([]);
    expect(proxy.allowed).toEqual(expect.arrayContaining(["GET /events", "GET /containers/json"]));
    // The start came by event: the watcher queued it without inspecting (the worker does that).
    expect(proxy.allowed).not.toContain(`GET /containers/${container.id}/json`);
  });

  it("the worker refuses to start without CAP_SYS_ADMIN, saying what it needs", async () => {
    const result = await execa(
      "setpriv",
      ["--bounding-set", "-sys_admin", "--inh-caps", "-sys_admin", process.execPath, "apps/worker/dist/main.js"],
      {
        env: { DOCKER_HOST: t.dockerHost, REDIS_URL: t.redisUrl, DEHANDLER_ENGINE_ID: t.unique("nocap") },
        extendEnv: false,
        reject: false,
        timeout: 15_000,
      },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      "dehandler-worker: failed to start: the worker lacks CAP_SYS_ADMIN: it needs NET_ADMIN to change addresses and routes and SYS_ADMIN " +
        "to enter containers' network namespaces; run it as root, or in a container with cap_add: [NET_ADMIN, SYS_ADMIN], pid: host and network_mode: host",
    );
  });
});
