import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startRunContainer } from "../harness/test-containers.js";
import { lanNetwork } from "../harness/test-networks.js";
import { deferHostRouteRemoval, ipInNetnsOf, ipOnHost } from "../harness/kernel.js";
import { testSubnet } from "../harness/subnets.js";

const t = useIntegration();

// Six container parts (two of them rules, one without a priority) and two host routes.
describe.each([
  ["batch", { container: 1, host: 1 }],
  ["per-part", { container: 8, host: 2 }],
])("DEHANDLER_IP_EXECUTOR=%s", (executor, processes) => {
  it(`applies a job's parts with ${processes.container} process(es) in the container and ${processes.host} on the host`, async () => {
    const extra = testSubnet();
    const hostPrefix = `198.19.${Math.floor(Math.random() * 256)}.0/24`;
    deferHostRouteRemoval(t.cleanup, hostPrefix);
    const { lan, lanNet } = await lanNetwork(t);
    const stack = await t.startStack({ env: { DEHANDLER_IP_EXECUTOR: executor, DEHANDLER_HOST_CHANGES: "allow" } });
    const container = await startRunContainer(t, {
      name: t.unique(executor),
      networks: [{ name: lanNet, ip: lan.host(9) }],
      labels: {
        "docker-events.address": `add ${extra.host(4)}/32 dev eth0;add ${extra.host(5)}/32 dev eth0`,
        "docker-events.route": `add ${extra.cidr} via ${lan.host(1)};add default via ${lan.host(1)} table 100`,
        "docker-events.rule": `add from ${extra.host(4)} table 100;add pref 90 from ${extra.host(5)} table 100`,
        "docker-events.host-route": `add blackhole ${hostPrefix};replace blackhole ${hostPrefix}`,
      },
    });

    const job = await stack.finished(container);
    expect(job.returnValue).toMatchObject({ outcome: "configured", applied: 8, already: 0 });
    const ran = stack.logs.withMessage("ip commands ran").filter((line) => line.executor === executor);
    expect(ran.map(({ target, parts, processes }) => ({ target, parts, processes }))).toEqual([
      { target: "container", parts: 6, processes: processes.container },
      { target: "host", parts: 2, processes: processes.host },
    ]);
    expect(await ipInNetnsOf(container.pid, ["route", "get", "203.0.113.9", "from", extra.host(4)])).toContain("table 100");
    expect(await ipInNetnsOf(container.pid, ["rule", "show"])).toContain(`90:\tfrom ${extra.host(5)} lookup 100`);
    expect(await ipOnHost(["route", "show", hostPrefix])).toContain(`blackhole ${hostPrefix}`);
  });
});
