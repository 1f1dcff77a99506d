import { describe, expect, it } from "vitest";
import { LabelError } from "../src/errors/label-error.js";
import { planFromLabels } from "../src/plan-from-labels.js";
import type { PlannedCommand } from "../src/plan-types.js";
import type { ContainerNetwork } from "../src/references/container-network.js";
import { resolvePlan, unknownNetworkError } from "../src/resolve-plan.js";
import { LAN, MY_NET, NETWORKS, WAN } from "./references/network-fixtures.js";

const noVariables = { allowed: [], values: {} };

function planned(labels: Readonly<Record<string, string>>): PlannedCommand[] {
  const result = planFromLabels(labels, noVariables);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.plan.commands;
}

function resolved(labels: Readonly<Record<string, string>>, networks: readonly ContainerNetwork[] = NETWORKS) {
  const plan = resolvePlan(planned(labels), networks);
  return { ...plan, argvs: plan.commands.map((command) => command.argv) };
}

describe("resolvePlan", () => {
  it("passes commands without references through unchanged", () => {
    const commands = planned({
      "docker-events.sysctl": "net.ipv4.ip_forward=1",
      "docker-events.route": "add default via 1.2.3.4;add ::/0 via fe80::1",
      "docker-events.host-route": "add 10.0.8.0/24 via 172.20.20.1",
    });
    expect(resolvePlan(commands, [])).toEqual({ commands, unknown: [], errors: [] });
  });

  it.each<[string, string, string, string[], string[]]>([
    ["the interface by alias", "docker-events.route", "add default dev @wan", ["route", "add", "default", "dev", "eth1"], ["proj_wan"]],
    ["the interface by engine name", "docker-events.link", "set @proj_wan mtu 1400", ["link", "set", "eth1", "mtu", "1400"], ["proj_wan"]],
    [
      "attributes inside a word",
      "docker-events.route",
      "add 10.99.0.0/16 via @wan.gateway dev @wan src @wan.ip",
      ["route", "add", "10.99.0.0/16", "via", "172.18.0.1", "dev", "eth1", "src", "172.18.0.5"],
      ["proj_wan"],
    ],
    ["@x.ip/prefix", "docker-events.address", "add @wan.ip/@wan.prefix dev @wan", ["address", "add", "172.18.0.5/16", "dev", "eth1"], ["proj_wan"]],
    ["the subnet", "docker-events.rule", "add to @lan.subnet table 5", ["rule", "add", "to", "10.1.2.0/24", "table", "5"], ["lan"]],
    [
      "several networks, listed in order of use",
      "docker-events.route",
      "add @lan.subnet via @wan.gateway dev @wan",
      ["route", "add", "10.1.2.0/24", "via", "172.18.0.1", "dev", "eth1"],
      ["lan", "proj_wan"],
    ],
    ["the longest dotted name", "docker-events.link", "set @my.net up", ["link", "set", "eth0.100", "up"], ["my.net"]],
    ["a shorter name when the longer does not fit", "docker-events.link", "set @my up", ["link", "set", "eth3", "up"], ["my"]],
    [
      "a MAC address",
      "docker-events.link",
      "set @lan address @wan.mac",
      ["link", "set", "eth0", "address", "02:42:ac:12:00:05"],
      ["lan", "proj_wan"],
    ],
    // IPv6 values make the command -6; a stated -6 makes unsuffixed attributes IPv6.
    [
      "a 6-suffixed attribute",
      "docker-events.route",
      "add default via @wan.gateway6 dev @wan",
      ["-6", "route", "add", "default", "via", "fd00:1::1", "dev", "eth1"],
      ["proj_wan"],
    ],
    ["a stated -6", "docker-events.route", "-6 add default via @wan.gateway", ["-6", "route", "add", "default", "via", "fd00:1::1"], ["proj_wan"]],
    [
      "-6 inferred from a literal",
      "docker-events.route",
      "add fd00:9::/64 via @wan.gateway",
      ["-6", "route", "add", "fd00:9::/64", "via", "fd00:1::1"],
      ["proj_wan"],
    ],
    [
      "a stated -4 with ip6",
      "docker-events.rule",
      "-4 add from @wan.ip table 7",
      ["-4", "rule", "add", "from", "172.18.0.5", "table", "7"],
      ["proj_wan"],
    ],
    ["the IPv6 subnet", "docker-events.rule", "add to @my.net.subnet6 table 5", ["-6", "rule", "add", "to", "fd00:4::/48", "table", "5"], ["my.net"]],
    // sysctl keys become /proc/sys paths; an interface name is one part even with a dot.
    ["a sysctl key", "docker-events.sysctl", "net.ipv4.conf.@wan.rp_filter=2", ["net/ipv4/conf/eth1/rp_filter", "2"], ["proj_wan"]],
    ["a sysctl key by slashes", "docker-events.sysctl", "net/ipv4/conf/@wan/rp_filter=2", ["net/ipv4/conf/eth1/rp_filter", "2"], ["proj_wan"]],
    ["a dotted interface", "docker-events.sysctl", "net.ipv4.conf.@my.net.rp_filter=0", ["net/ipv4/conf/eth0.100/rp_filter", "0"], ["my.net"]],
    [
      "a dotted interface by slashes",
      "docker-events.sysctl",
      "net/ipv6/conf/@my.net/accept_ra=2",
      ["net/ipv6/conf/eth0.100/accept_ra", "2"],
      ["my.net"],
    ],
    [
      "a sysctl value with a space",
      "docker-events.sysctl",
      "net.ipv4.conf.@wan.arp_ignore = 1 2",
      ["net/ipv4/conf/eth1/arp_ignore", "1 2"],
      ["proj_wan"],
    ],
  ])("resolves %s", (_name, key, value, argv, networks) => {
    const plan = resolved({ [key]: value });
    expect(plan.errors).toEqual([]);
    expect(plan.unknown).toEqual([]);
    expect(plan.commands).toHaveLength(1);
    expect(plan.commands[0]).toMatchObject({ label: key, partIndex: 0, partText: value, argv, hasReferences: false, networks });
  });

  it.each<[string, string, string[], string[]]>([
    [
      "docker-events.host-route",
      "add 10.99.0.0/16 via @wan.ip",
      ["route", "add", "10.99.0.0/16", "via", "172.18.0.5"],
      ["-4", "route", "del", "10.99.0.0/16", "via", "172.18.0.5"],
    ],
    [
      "docker-events.host-rule",
      "add from @wan.ip6 lookup 100",
      ["-6", "rule", "add", "from", "fd00:1::5", "lookup", "100"],
      ["-6", "rule", "del", "from", "fd00:1::5", "lookup", "100"],
    ],
    [
      "docker-events.host-route",
      "-6 replace @wan.subnet via @wan.ip",
      ["-6", "route", "replace", "fd00:1::/64", "via", "fd00:1::5"],
      ["-6", "route", "del", "fd00:1::/64", "via", "fd00:1::5"],
    ],
  ])("resolves undoArgv too: %s %j", (key, value, argv, undoArgv) => {
    const plan = resolved({ [key]: value });
    expect(plan.errors).toEqual([]);
    expect(plan.commands).toEqual([expect.objectContaining({ target: "host", argv, undoArgv, networks: ["proj_wan"] })]);
  });

  it("resolves the reply-via preset for a network with IPv4 and IPv6", () => {
    const plan = resolved({ "docker-events.reply-via": "wan" });
    expect(plan.errors).toEqual([]);
    expect(plan.argvs).toEqual([
      ["-4", "route", "replace", "172.18.0.0/16", "dev", "eth1", "table", "1000"],
      ["-4", "route", "replace", "default", "via", "172.18.0.1", "dev", "eth1", "table", "1000"],
      ["-4", "rule", "add", "from", "172.18.0.5", "table", "1000"],
      ["-6", "route", "replace", "fd00:1::/64", "dev", "eth1", "table", "1000"],
      ["-6", "route", "replace", "default", "via", "fd00:1::1", "dev", "eth1", "table", "1000"],
      ["-6", "rule", "add", "from", "fd00:1::5", "table", "1000"],
    ]);
    for (const command of plan.commands) expect(command).toMatchObject({ optional: true, hasReferences: false, networks: ["proj_wan"] });
  });

  it.each<[string, ContainerNetwork[], string[][]]>([
    [
      "no IPv6 and no gateway: only the IPv4 connected route and rule",
      [LAN],
      [
        ["-4", "route", "replace", "10.1.2.0/24", "dev", "eth0", "table", "1000"],
        ["-4", "rule", "add", "from", "10.1.2.3", "table", "1000"],
      ],
    ],
    [
      "no IPv6 gateway",
      [{ ...WAN, name: "wan", aliases: [], ipv6: { address: "fd00:1::5", prefixLength: 64, gateway: undefined } }],
      [
        ["-4", "route", "replace", "172.18.0.0/16", "dev", "eth1", "table", "1000"],
        ["-4", "route", "replace", "default", "via", "172.18.0.1", "dev", "eth1", "table", "1000"],
        ["-4", "rule", "add", "from", "172.18.0.5", "table", "1000"],
        ["-6", "route", "replace", "fd00:1::/64", "dev", "eth1", "table", "1000"],
        ["-6", "rule", "add", "from", "fd00:1::5", "table", "1000"],
      ],
    ],
    ["no IPv4 either", [{ ...LAN, name: "wan", ipv4: undefined }], []],
  ])("leaves out the preset commands a network cannot fill: %s", (_name, networks, argvs) => {
    const source = networks[0] ?? LAN;
    const plan = resolvePlan(planned({ "docker-events.reply-via": source === LAN ? "lan" : "wan" }), networks);
    expect(plan.errors).toEqual([]);
    expect(plan.unknown).toEqual([]);
    expect(plan.commands.map((command) => command.argv)).toEqual(argvs);
  });

  it.each<[string, string, string, string]>([
    ["docker-events.route", "add default via @lan.gateway", 'network "lan" has no IPv4 gateway for this container', "a network with an IPv4 gateway"],
    [
      "docker-events.route",
      "-6 add default via @lan.gateway",
      'network "lan" has no IPv6 gateway for this container',
      "a network with an IPv6 gateway",
    ],
    ["docker-events.rule", "add from @lan.ip6 table 5", 'network "lan" has no IPv6 address for this container', "a network with an IPv6 address"],
    [
      "docker-events.sysctl",
      "net.ipv4.conf.@ghost.rp_filter=1",
      `no interface in the container has network "ghost"'s MAC address (none reported)`,
      "an interface carrying the endpoint's MAC address",
    ],
    [
      "docker-events.route",
      "add default dev @wan",
      `no interface in the container has network "proj_wan"'s MAC address 02:42:ac:12:00:05`,
      "an interface carrying the endpoint's MAC address",
    ],
  ])("refuses %s %j: a missing network value names the network", (key, value, problem, expected) => {
    const networks = value.endsWith("dev @wan") ? [{ ...WAN, interface: undefined }] : NETWORKS;
    const plan = resolved({ [key]: value }, networks);
    expect(plan.commands).toEqual([]);
    expect(plan.unknown).toEqual([]);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0]).toBeInstanceOf(LabelError);
    expect(plan.errors[0]).toMatchObject({ code: "missing-network-value", label: key, partIndex: 0, partText: value, expected });
    expect(plan.errors[0]?.message).toBe(`${key} part 0 ${JSON.stringify(value)}: ${problem}; expected ${expected}`);
  });

  it.each<[string, string, string]>([
    ["docker-events.host-route", "add 198.18.0.0/24 dev @wan", "@wan names the container's interface, which is not a device on the host"],
    ["docker-events.host-rule", "add from @wan.subnet iif @lan lookup 5", "@lan names the container's interface, which is not a device on the host"],
    ["docker-events.route", "add default via @wan.gw", '@wan.gw: "gw" is not an attribute of a network'],
  ])("refuses %s %j: a reference used where it means nothing", (key, value, problem) => {
    const plan = resolved({ [key]: value });
    expect(plan.commands).toEqual([]);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0]).toMatchObject({ code: "bad-reference", label: key, partIndex: 0, partText: value });
    expect(plan.errors[0]?.message).toContain(problem);
  });

  it("lets host parts use a network's addresses, and sysctl keys go on after the interface", () => {
    const plan = resolved({ "docker-events.host-route": "add 198.18.0.0/24 via @wan.ip", "docker-events.sysctl": "net.ipv4.conf.@wan.rp_filter=2" });
    expect(plan.errors).toEqual([]);
    expect(plan.argvs).toEqual([
      ["net/ipv4/conf/eth1/rp_filter", "2"],
      ["route", "add", "198.18.0.0/24", "via", "172.18.0.5"],
    ]);
  });

  it("refuses the preset's routes when the network's interface is not found: that is not an IPv6 gap", () => {
    const plan = resolved({ "docker-events.reply-via": "ghost" });
    // The IPv4 routes name the interface; the rule does not; the IPv6 commands lack IPv6 first.
    expect(plan.argvs).toEqual([["-4", "rule", "add", "from", "10.9.0.2", "table", "1000"]]);
    expect(plan.errors.map((error) => [error.code, error.partText])).toEqual([
      ["missing-network-value", "ghost"],
      ["missing-network-value", "ghost"],
    ]);
    expect(plan.errors[0]?.message).toContain(`no interface in the container has network "ghost"'s MAC address`);
  });

  it.each([
    ["net.ipv4.conf.@wan.subnet=1", 'key "net.ipv4.conf.172.18.0.0/16"'],
    ["net.ipv4.conf.@wan..rp_filter=1", 'key "net.ipv4.conf.eth1..rp_filter"'],
    ["net..@wan.rp_filter=1", "has an empty"],
  ])("refuses a sysctl key %j that resolves to a bad path", (value, problem) => {
    const plan = resolved({ "docker-events.sysctl": value });
    expect(plan.commands).toEqual([]);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0]).toMatchObject({ code: "bad-sysctl", label: "docker-events.sysctl", partIndex: 0, partText: value });
    expect(plan.errors[0]?.message).toContain(problem);
  });

  it.each<[string, string, string, string[]]>([
    ["docker-events.route", "add default via @vpn.gateway", "vpn", ["vpn.gateway", "vpn"]],
    ["docker-events.route", "add default dev @wanx", "wanx", ["wanx"]],
    ["docker-events.sysctl", "net.ipv4.conf.@vpn.rp_filter=2", "vpn", ["vpn.rp_filter", "vpn"]],
    ["docker-events.route", "add @wan.subnet dev @corp.vpn", "corp", ["corp.vpn", "corp"]],
    ["docker-events.rule", "add from @corp.vpn.ip table 5", "corp.vpn", ["corp.vpn.ip", "corp.vpn", "corp"]],
    ["docker-events.host-route", "add 10.0.0.0/8 via @vpn.ip", "vpn", ["vpn.ip", "vpn"]],
  ])("puts %s %j in unknown: network %j, candidates %j", (key, value, network, candidates) => {
    const commands = planned({ [key]: value });
    const plan = resolvePlan(commands, NETWORKS);
    expect(plan.commands).toEqual([]);
    expect(plan.errors).toEqual([]);
    expect(plan.unknown).toEqual([{ command: commands[0], network, candidates }]);
  });

  it("keeps the order of what it resolves and sorts each command into one list", () => {
    const plan = resolved({
      "docker-events.sysctl": "net.ipv4.conf.@wan.rp_filter=2;net.ipv4.conf.@vpn.rp_filter=2",
      "docker-events.route": "add default via @lan.gateway;add 10.0.0.0/8 via @my.ip;add 10.1.0.0/16 via 1.2.3.4",
      "docker-events.reply-via": "lan",
    });
    expect(plan.commands.map(({ label, partIndex }) => `${label}/${partIndex}`)).toEqual([
      "docker-events.sysctl/0",
      "docker-events.route/1",
      "docker-events.route/2",
      "docker-events.reply-via/0",
      "docker-events.reply-via/0",
    ]);
    expect(plan.unknown.map(({ command, network }) => [command.partIndex, network])).toEqual([[1, "vpn"]]);
    expect(plan.errors.map(({ label, partIndex }) => [label, partIndex])).toEqual([["docker-events.route", 0]]);
  });

  it("resolves nothing against a container without networks: every reference is unknown", () => {
    const plan = resolved({ "docker-events.link": "set @wan up", "docker-events.reply-via": "wan" }, []);
    expect(plan.commands).toEqual([]);
    expect(plan.errors).toEqual([]);
    expect(plan.unknown.map(({ network }) => network)).toEqual(Array<string>(7).fill("wan"));
  });

  it("does not change the commands it is given", () => {
    const commands = planned({ "docker-events.route": "add default via @wan.gateway6" });
    const copy = structuredClone(commands);
    resolvePlan(commands, NETWORKS);
    expect(commands).toEqual(copy);
  });
});

describe("unknownNetworkError", () => {
  it.each<[ContainerNetwork[], string]>([
    [[WAN, LAN], 'network "vpn" is not one of the container\'s networks (proj_wan, wan, lan)'],
    [[MY_NET], 'network "vpn" is not one of the container\'s networks (my.net)'],
    [[], 'network "vpn" is not one of the container\'s networks (it has none)'],
  ])("names the network and lists the container's networks %#", (networks, problem) => {
    const value = "add default via @vpn.gateway;add 10.0.0.0/8 dev @vpn";
    const [, use] = resolvePlan(planned({ "docker-events.route": value }), networks).unknown;
    if (use === undefined) throw new Error("expected two unknown uses");
    const error = unknownNetworkError(use, networks);
    expect(error).toBeInstanceOf(LabelError);
    expect(error).toMatchObject({
      code: "unknown-network",
      label: "docker-events.route",
      partIndex: 1,
      partText: "add 10.0.0.0/8 dev @vpn",
      expected: "@<network> naming a network the container is attached to",
      message: `docker-events.route part 1 "add 10.0.0.0/8 dev @vpn": ${problem}; expected @<network> naming a network the container is attached to`,
    });
  });
});
