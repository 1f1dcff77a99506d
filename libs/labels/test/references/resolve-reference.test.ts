import { describe, expect, it } from "vitest";
import type { ContainerNetwork } from "../../src/references/container-network.js";
import { guessNetworkName, namesOf, resolveReference } from "../../src/references/resolve-reference.js";
import type { Family } from "../../src/references/resolve-reference.js";
import { GHOST, LAN, MY, MY_NET, NETWORKS, WAN } from "./network-fixtures.js";

/** A run naming an attribute of the network rather than its interface. */
const ATTRIBUTE_RUN = /\.(ip|prefix|gateway|subnet|mac)6?(\.|$)/;

describe("resolveReference resolves", () => {
  it.each<[string, Family | undefined, string, string, ContainerNetwork]>([
    // The interface, by engine name or compose alias.
    ["wan", undefined, "eth1", "", WAN],
    ["proj_wan", undefined, "eth1", "", WAN],
    ["wan", "-6", "eth1", "", WAN],
    // Attributes: unsuffixed ones are IPv4 unless the part is -6; a 6 suffix always means IPv6.
    ["wan.ip", undefined, "172.18.0.5", "", WAN],
    ["wan.prefix", undefined, "16", "", WAN],
    ["wan.gateway", undefined, "172.18.0.1", "", WAN],
    ["wan.subnet", undefined, "172.18.0.0/16", "", WAN],
    ["wan.mac", undefined, "02:42:ac:12:00:05", "", WAN],
    ["wan.ip", "-4", "172.18.0.5", "", WAN],
    ["wan.ip6", undefined, "fd00:1::5", "", WAN],
    ["wan.prefix6", undefined, "64", "", WAN],
    ["wan.gateway6", undefined, "fd00:1::1", "", WAN],
    ["wan.subnet6", undefined, "fd00:1::/64", "", WAN],
    ["wan.ip6", "-4", "fd00:1::5", "", WAN],
    ["wan.ip", "-6", "fd00:1::5", "", WAN],
    ["wan.prefix", "-6", "64", "", WAN],
    ["wan.gateway", "-6", "fd00:1::1", "", WAN],
    ["wan.subnet", "-6", "fd00:1::/64", "", WAN],
    ["wan.mac", "-6", "02:42:ac:12:00:05", "", WAN],
    ["lan.subnet", undefined, "10.1.2.0/24", "", LAN],
    ["my.net.subnet6", undefined, "fd00:4::/48", "", MY_NET],
    // What follows the network (and attribute) stays as written.
    ["wan.rp_filter", undefined, "eth1", ".rp_filter", WAN],
    ["wan.ipx", undefined, "eth1", ".ipx", WAN],
    ["wan.ip.x", undefined, "172.18.0.5", ".x", WAN],
    ["wan.", undefined, "eth1", ".", WAN],
    // The longest name the container has wins, dots and all.
    ["my", undefined, "eth3", "", MY],
    ["my.ip", undefined, "10.3.0.2", "", MY],
    ["my.other", undefined, "eth3", ".other", MY],
    ["my.net", undefined, "eth0.100", "", MY_NET],
    ["my.net.ip", undefined, "10.4.0.2", "", MY_NET],
    ["my.net.rp_filter", undefined, "eth0.100", ".rp_filter", MY_NET],
    // A network without an interface still has addresses.
    ["ghost.ip", undefined, "10.9.0.2", "", GHOST],
  ])("%j (%s) → %j, rest %j", (run, family, value, rest, network) => {
    expect(resolveReference(run, NETWORKS, family)).toEqual({
      ok: true,
      value,
      rest,
      network,
      names: ATTRIBUTE_RUN.test(run) ? "attribute" : "interface",
    });
  });
});

describe("resolveReference fails", () => {
  // `name` is the guess for messages; `candidates` every dotted prefix, longest first, since a
  // network connected later may have dots in its name.
  it.each<[string, string, string[]]>([
    ["vpn", "vpn", ["vpn"]],
    ["vpn.ip6", "vpn", ["vpn.ip6", "vpn"]],
    ["vpn.rp_filter", "vpn", ["vpn.rp_filter", "vpn"]],
    ["wanx", "wanx", ["wanx"]],
    ["wan-2.ip", "wan-2", ["wan-2.ip", "wan-2"]],
    ["some.dotted.net.gateway", "some.dotted.net", ["some.dotted.net.gateway", "some.dotted.net", "some.dotted", "some"]],
    ["corp.vpn", "corp", ["corp.vpn", "corp"]],
    ["mynet", "mynet", ["mynet"]],
  ])("%j: unknown network %j, candidates %j", (run, name, candidates) => {
    expect(resolveReference(run, NETWORKS, undefined)).toEqual({ ok: false, reason: "unknown-network", name, candidates });
  });

  it("finds nothing when the container has no networks", () => {
    expect(resolveReference("wan.ip", [], undefined)).toEqual({ ok: false, reason: "unknown-network", name: "wan", candidates: ["wan.ip", "wan"] });
  });

  it.each<[string, Family | undefined, ContainerNetwork, string]>([
    ["lan.gateway", undefined, LAN, "an IPv4 gateway"],
    ["lan.gateway", "-4", LAN, "an IPv4 gateway"],
    ["lan.ip6", undefined, LAN, "an IPv6 address"],
    ["lan.ip", "-6", LAN, "an IPv6 address"],
    ["lan.prefix6", undefined, LAN, "an IPv6 prefix length"],
    ["lan.subnet", "-6", LAN, "an IPv6 subnet"],
    ["lan.gateway6", undefined, LAN, "an IPv6 gateway"],
    ["my.net.gateway6", undefined, MY_NET, "an IPv6 gateway"],
    ["ghost.mac", undefined, GHOST, "a MAC address"],
  ])("%j (%s): %s is missing", (run, family, network, what) => {
    expect(resolveReference(run, NETWORKS, family)).toEqual({ ok: false, reason: "missing", network, what });
  });

  it.each(["ghost", "ghost.rp_filter"])("%j: no interface carries the network's MAC address", (run) => {
    expect(resolveReference(run, NETWORKS, undefined)).toEqual({ ok: false, reason: "no-interface", network: GHOST });
  });
});

describe("namesOf", () => {
  it.each<[ContainerNetwork, string[]]>([
    [WAN, ["proj_wan", "wan"]],
    [LAN, ["lan"]],
    [{ ...LAN, name: "p_lan", aliases: ["lan", "backend"] }, ["p_lan", "lan", "backend"]],
  ])("%#", (network, names) => {
    expect(namesOf(network)).toEqual(names);
  });
});

describe("guessNetworkName", () => {
  it.each([
    ["vpn", "vpn"],
    ["vpn.ip", "vpn"],
    ["vpn.subnet6", "vpn"],
    ["my.vpn.gateway", "my.vpn"],
    ["vpn.rp_filter", "vpn"],
    ["my.vpn", "my"],
  ])("%j → %j", (run, name) => {
    expect(guessNetworkName(run)).toBe(name);
  });
});
