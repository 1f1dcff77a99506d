import { execa } from "execa";
import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { createNetwork, type StartedContainer } from "../harness/containers.js";
import { deferHostRouteRemoval, ipInNetnsOf, ipOnHost, preserveHostIpv6Forwarding } from "../harness/kernel.js";
import { testSubnet } from "../harness/subnets.js";
import { startRunContainer } from "../harness/test-containers.js";
import { bridgeNetwork, wanAndLan } from "../harness/test-networks.js";

const t = useIntegration();

/** The name of the interface in the container that carries `address`. */
async function interfaceWith(container: StartedContainer, address: string): Promise<string> {
  const shown = await ipInNetnsOf(container.pid, ["-o", "-4", "address", "show"]);
  const line = shown.split("\n").find((entry) => entry.includes(` ${address}/`));
  const name = line?.split(/\s+/)[1];
  if (name === undefined) throw new Error(`no interface with ${address} in ${shown}`);
  return name;
}

async function sysctlInNetnsOf(pid: number, key: string): Promise<string> {
  return (await execa("nsenter", ["-t", String(pid), "-n", "cat", `/proc/sys/${key}`])).stdout.trim();
}

describe("@<network> references", () => {
  it("name the network's own interface whatever the attach order, and its address, gateway and prefix", async () => {
    const stack = await t.startStack();
    // Engine 20.10 numbers interfaces by network name, not by attach order: so that eth0/eth1
    // really swap, one container's wan network sorts first and the other's last, and each is
    // also attached in the opposite order to the other.
    const setups = [
      { host: 10, wanName: t.unique("a-wan"), lanName: t.unique("z-lan"), wanAttachedFirst: false },
      { host: 11, wanName: t.unique("z-wan"), lanName: t.unique("a-lan"), wanAttachedFirst: true },
    ];
    const seen: string[] = [];
    for (const setup of setups) {
      const { wan, lan, wanNet, lanNet } = await wanAndLan(t, { wanName: setup.wanName, lanName: setup.lanName });
      const wanEndpoint = { name: wanNet, ip: wan.host(setup.host) };
      const lanEndpoint = { name: lanNet, ip: lan.host(setup.host) };
      const container = await startRunContainer(t, {
        name: t.unique("refs"),
        networks: setup.wanAttachedFirst ? [wanEndpoint, lanEndpoint] : [lanEndpoint, wanEndpoint],
        labels: {
          "docker-events.link": `set @${wanNet} mtu 1400`,
          "docker-events.address": `add 198.18.250.1/32 dev @${wanNet}`,
          "docker-events.route": `add 198.18.251.0/24 via @${wanNet}.gateway dev @${wanNet}; add 198.18.252.0/@${lanNet}.prefix via @${lanNet}.gateway`,
          "docker-events.rule": `add from @${wanNet}.ip table 200`,
        },
      });
      expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 5 } });
      const wanInterface = await interfaceWith(container, wan.host(setup.host));
      seen.push(wanInterface);
      expect(await ipInNetnsOf(container.pid, ["-o", "link", "show", "dev", wanInterface])).toContain("mtu 1400");
      expect(await ipInNetnsOf(container.pid, ["-o", "-4", "address", "show", "dev", wanInterface])).toContain("inet 198.18.250.1/32");
      const routes = await ipInNetnsOf(container.pid, ["-4", "route", "show"]);
      expect(routes).toContain(`198.18.251.0/24 via ${wan.host(1)} dev ${wanInterface}`);
      expect(routes).toMatch(new RegExp(`^198\\.18\\.252\\.0/24 via ${lan.host(1).replaceAll(".", "\\.")} `, "m"));
      expect(await ipInNetnsOf(container.pid, ["rule", "show"])).toContain(`from ${wan.host(setup.host)} lookup 200`);
    }
    // The wan network really was a different interface in the two containers.
    expect(new Set(seen)).toEqual(new Set(["eth0", "eth1"]));
  });

  it("resolve a compose file's network name through the project prefix", async () => {
    const lan = testSubnet();
    const project = t.unique("proj").replaceAll("-", "");
    const lanNet = await bridgeNetwork(t, `${project}_lan`, lan);
    const stack = await t.startStack();
    const container = await startRunContainer(t, {
      name: t.unique("compose"),
      networks: [{ name: lanNet, ip: lan.host(20) }],
      labels: { "com.docker.compose.project": project, "docker-events.route": "add 198.18.253.0/24 via @lan.gateway dev @lan" },
    });
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1 } });
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", "198.18.253.0/24"])).toContain(`via ${lan.host(1)} dev eth0`);
  });

  it("dead-letter a network the engine does not know, naming it and the container's networks", async () => {
    const { wanNet, lanNet, wanAt, lanAt } = await wanAndLan(t);
    const stack = await t.startStack();
    const container = await startRunContainer(t, {
      name: t.unique("typo"),
      networks: [wanAt(30), lanAt(30)],
      labels: { "docker-events.route": `add 198.18.254.0/24 via @${wanNet}.gateway; add default via @wna.gateway` },
    });
    const entry = await stack.deadLetterEntry(container);
    expect(entry).toMatchObject({ permanent: true, label: "docker-events.route", partIndex: 1, part: "add default via @wna.gateway" });
    expect(entry.reason).toContain('network "wna" is not one of the container\'s networks');
    expect(entry.reason).toContain(wanNet);
    expect(entry.reason).toContain(lanNet);
    // Nothing of the label was applied: the first part named a network that exists.
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", "198.18.254.0/24"])).toBe("");
  });

  it("write net.* sysctls in the container's namespace only, and refuse anything else", async () => {
    const { wan, lan, wanNet, lanNet, wanAt, lanAt } = await wanAndLan(t);
    const hostRedirects = (await readFile("/proc/sys/net/ipv4/conf/all/accept_redirects", "utf8")).trim();
    const stack = await t.startStack();
    const container = await startRunContainer(t, {
      name: t.unique("sysctl"),
      networks: [lanAt(40), wanAt(40)],
      labels: { "docker-events.sysctl": `net.ipv4.conf.@${wanNet}.rp_filter=2; net/ipv4/conf/all/accept_redirects = 0` },
    });
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 2 } });
    const wanInterface = await interfaceWith(container, wan.host(40));
    expect(await sysctlInNetnsOf(container.pid, `net/ipv4/conf/${wanInterface}/rp_filter`)).toBe("2");
    expect(await sysctlInNetnsOf(container.pid, "net/ipv4/conf/all/accept_redirects")).toBe("0");
    // The host's own value is not touched.
    expect((await readFile("/proc/sys/net/ipv4/conf/all/accept_redirects", "utf8")).trim()).toBe(hostRedirects);

    const refused = await startRunContainer(t, {
      name: t.unique("kernel"),
      networks: [{ name: lanNet, ip: lan.host(41) }],
      labels: { "docker-events.sysctl": "kernel.panic=1" },
    });
    const entry = await stack.deadLetterEntry(refused);
    expect(entry).toMatchObject({ permanent: true, label: "docker-events.sysctl", part: "kernel.panic=1" });
    expect(entry.reason).toContain("is not under net.");
  });

  it("work for IPv6: -6 chosen from the part or stated, v6 attributes, v6 sysctls, a v6 host route", async () => {
    const lan = testSubnet();
    const v6 = `fd00:${randomInt(0x100, 0xffff).toString(16)}:${randomInt(0x100, 0xffff).toString(16)}:1`;
    // A bridge, so that the host can route to the container; the engine turns host forwarding on for it.
    await preserveHostIpv6Forwarding(t.cleanup);
    const lanNet = await createNetwork(t.docker, t.cleanup, {
      name: t.unique("lan6"),
      driver: "bridge",
      subnet: lan.cidr,
      gateway: lan.host(1),
      ipv6: { subnet: `${v6}::/64`, gateway: `${v6}::1` },
    });
    const hostPrefix = `2001:2:0:${randomInt(0x100, 0xffff).toString(16)}::/64`;
    deferHostRouteRemoval(t.cleanup, hostPrefix);
    const stack = await t.startStack({ env: { DEHANDLER_HOST_CHANGES: "allow" } });
    const container = await startRunContainer(t, {
      name: t.unique("six"),
      networks: [{ name: lanNet, ip: lan.host(50), ip6: `${v6}::50` }],
      labels: {
        "docker-events.sysctl": `net.ipv6.conf.@${lanNet}.accept_ra=0`,
        // No family stated: the IPv6 prefix and gateway make these -6.
        "docker-events.route": `add fd99:1::/64 via @${lanNet}.gateway6; -6 add fd99:2::/64 via @${lanNet}.gateway dev @${lanNet}`,
        "docker-events.rule": `add from @${lanNet}.ip6 table 300`,
        "docker-events.host-route": `add ${hostPrefix} via @${lanNet}.ip6`,
      },
    });
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 5 } });
    const routes = await ipInNetnsOf(container.pid, ["-6", "route", "show"]);
    expect(routes).toContain(`fd99:1::/64 via ${v6}::1 dev eth0`);
    expect(routes).toContain(`fd99:2::/64 via ${v6}::1 dev eth0`);
    expect(await ipInNetnsOf(container.pid, ["-6", "rule", "show"])).toContain(`from ${v6}::50 lookup 300`);
    expect(await sysctlInNetnsOf(container.pid, "net/ipv6/conf/eth0/accept_ra")).toBe("0");
    expect(await ipOnHost(["-6", "route", "show", hostPrefix])).toContain(`via ${v6}::50`);
  });
});
