import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { createContainer, describeContainer, startContainer } from "../harness/containers.js";
import { dockerFromHost, PrivateEngine } from "../harness/docker-engine.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { ensureTestImage } from "../harness/test-image.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

describe("Docker engine restarted", () => {
  it("the watcher reconnects with backoff and a container brought back by its restart policy is configured again", async () => {
    // An engine of this test's own, so that restarting it disturbs nothing else.
    const engine = await PrivateEngine.create(["--iptables=false"]);
    t.cleanup.defer("private engine", () => engine.remove());
    await engine.start();
    const docker = dockerFromHost(engine.dockerHost);
    const image = await ensureTestImage(docker);

    const stack = t.stack({ dockerHost: engine.dockerHost, watcherEnv: { DEHANDLER_RECONNECT_MAX_MS: "2000" } });
    const watcher = await stack.spawn("watcher");
    const worker = await stack.spawn("worker");
    const created = await createContainer(docker, t.cleanup, {
      name: t.unique("always"),
      image,
      restart: "always",
      labels: { ...t.runLabels, "docker-events.address": "add 192.0.2.123/32 dev lo" },
    });
    const first = await startContainer(created);
    expect((await stack.finished(first)).returnValue).toMatchObject({ outcome: "configured" });

    await engine.stop();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await engine.start();

    const second = await waitFor(
      async () => {
        const now = await describeContainer(created);
        return now.startedAt !== first.startedAt && now.pid > 0 ? now : undefined;
      },
      { what: "the restart policy to start the container again", timeoutMs: 30_000 },
    );
    expect(await stack.finished(second, 40_000)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    expect(await ipInNetnsOf(second.pid, ["address", "show", "dev", "lo"])).toContain("192.0.2.123/32");

    expect(watcher.running && worker.running).toBe(true);
    expect(watcher.withMessage("engine event stream reconnected")).toHaveLength(1);
    // Backoff: a handful of attempts over the outage, not a storm.
    expect(watcher.withMessage("engine unreachable; retrying").length).toBeLessThanOrEqual(6);
  });
});
