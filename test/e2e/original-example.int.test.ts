import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { deferHostRouteRemoval, ipInNetnsOf, ipOnHost } from "../harness/kernel.js";
import { testSubnet } from "../harness/subnets.js";
import { startRunContainer } from "../harness/test-containers.js";
import { lanNetwork, wanAndLan } from "../harness/test-networks.js";

const t = useIntegration();

// The original README's compose example, with macvlan standing in for ipvlan (ipvlan cannot run
// here) beside a bridge, and host routes in a test-only range.
describe("the original README's example", () => {
  it("applies address, route and host-route labels when the container starts", async () => {
    const secondary = testSubnet();
    const vpn = `198.19.${Math.floor(Math.random() * 256)}.0`;
    const { wan, lan, wanAt, lanAt } = await wanAndLan(t);
    deferHostRouteRemoval(t.cleanup, `${vpn}/24`);

    const stack = await t.startStack({
      env: { DEHANDLER_HOST_CHANGES: "allow", DEHANDLER_LABEL_VARS: "VPN_IP,INT_IF_IP", VPN_IP: vpn, INT_IF_IP: lan.host(1) },
    });
    const container = await startRunContainer(t, {
      name: t.unique("dualnet"),
      networks: [wanAt(130), lanAt(20)],
      labels: {
        "docker-events.address": `add ${secondary.host(4)}/24 dev eth0`,
        "docker-events.route": `delete default;add default via ${wan.host(1)};add 10.0.0.0/8 via ${lan.host(1)};add 192.168.0.0/16 via ${lan.host(1)}`,
        "docker-events.host-route": "delete $VPN_IP/26;add $VPN_IP/24 via $INT_IF_IP",
      },
    });

    const job = await stack.finished(container);
    expect(job.state).toBe("completed");
    expect(job.returnValue).toMatchObject({ outcome: "configured", applied: 6, already: 1 });

    expect(await ipInNetnsOf(container.pid, ["-4", "address", "show", "dev", "eth0"])).toContain(`inet ${secondary.host(4)}/24`);
    const routes = await ipInNetnsOf(container.pid, ["-4", "route", "show"]);
    // Which network becomes eth0 is the engine's choice (moby#25181): match on gateways only.
    expect(routes).toMatch(new RegExp(`^default via ${wan.host(1).replaceAll(".", "\\.")} `, "m"));
    expect(routes).not.toMatch(new RegExp(`^default via ${lan.host(1).replaceAll(".", "\\.")} `, "m"));
    expect(routes).toMatch(new RegExp(`^10\\.0\\.0\\.0/8 via ${lan.host(1).replaceAll(".", "\\.")} `, "m"));
    expect(routes).toMatch(new RegExp(`^192\\.168\\.0\\.0/16 via ${lan.host(1).replaceAll(".", "\\.")} `, "m"));
    expect(await ipOnHost(["route", "show", `${vpn}/24`])).toContain(`via ${lan.host(1)}`);
  });

  it("puts a policy rule and its table in effect in the container's namespace", async () => {
    const { lan, lanNet } = await lanNetwork(t);
    const stack = await t.startStack();
    const container = await startRunContainer(t, {
      name: t.unique("policy"),
      networks: [{ name: lanNet, ip: lan.host(7) }],
      labels: {
        "docker-events.rule": `add from ${lan.host(7)} table 100`,
        "docker-events.route": `add default via ${lan.host(1)} dev eth0 table 100`,
      },
    });

    expect((await stack.finished(container)).state).toBe("completed");
    expect(await ipInNetnsOf(container.pid, ["rule", "show"])).toMatch(new RegExp(`from ${lan.host(7).replaceAll(".", "\\.")} lookup 100`));
    expect(await ipInNetnsOf(container.pid, ["route", "show", "table", "100"])).toContain(`default via ${lan.host(1)} dev eth0`);
    // The route the kernel would pick for traffic from that address goes through table 100.
    expect(await ipInNetnsOf(container.pid, ["route", "get", "203.0.113.9", "from", lan.host(7)])).toContain("table 100");
  });
});
