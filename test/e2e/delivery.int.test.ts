import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startContainer } from "../harness/containers.js";
import { createRunContainer, startRunContainer } from "../harness/test-containers.js";
import { bridgeNetwork } from "../harness/test-networks.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { testSubnet } from "../harness/subnets.js";

const t = useIntegration();

describe("delivery", () => {
  it("configures 20 labeled containers started at once", async () => {
    const lan = testSubnet();
    const network = await bridgeNetwork(t, t.unique("burst"), lan);
    const stack = await t.startStack();

    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createRunContainer(t, {
          name: t.unique(`burst${i}`),
          networks: [{ name: network }],
          labels: { "docker-events.route": `add 198.51.100.${i}/32 via ${lan.host(1)}` },
        }),
      ),
    );
    const started = await Promise.all(created.map((container) => startContainer(container)));

    for (const [i, container] of started.entries()) {
      expect((await stack.finished(container)).returnValue).toMatchObject({ outcome: "configured", applied: 1 });
      expect(await ipInNetnsOf(container.pid, ["route", "show", `198.51.100.${i}/32`])).toContain(`via ${lan.host(1)}`);
    }
  });

  it("configures a container started while the watcher was down, once the watcher is back", async () => {
    const stack = t.stack();
    await stack.startWorker();
    const container = await startRunContainer(t, {
      name: t.unique("early"),
      labels: { "docker-events.address": "add 192.0.2.200/32 dev lo" },
    });
    await stack.startWatcher();
    expect((await stack.finished(container)).returnValue).toMatchObject({ outcome: "configured", applied: 1 });
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain("192.0.2.200/32");

    // A second watcher start sweeps the same start again: it is claimed, so no second job.
    await stack.stopWatcher();
    await stack.startWatcher();
    expect(await stack.queues.jobIds()).toEqual([await stack.jobIdOf(container)]);
    expect(stack.logs.withMessage("container configured")).toHaveLength(1);
  });
});
