import { describe, expect, it } from "vitest";
import type { ContainerSnapshot } from "@dehandler/engine";
import { planFromLabels, type PlannedCommand } from "@dehandler/labels";
import { CidrList } from "../src/host-policy/cidr-list.js";
import { checkHostPolicy, type HostPolicy } from "../src/host-policy/host-policy.js";
import { routeTargets } from "../src/host-policy/route-targets.js";

function plan(labels: Record<string, string>): PlannedCommand[] {
  const result = planFromLabels(labels, { allowed: [], values: {} });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.plan.commands;
}

function container(name: string, labels: Record<string, string> = {}): ContainerSnapshot {
  return { id: "0123456789ab", name, running: true, pid: 42, startedAt: "2026-11-29T00:00:00Z", labels, endpoints: [] };
}

const base: HostPolicy = { mode: "allow", optInLabel: undefined, optInProjects: [], optInNames: [], routeCidrs: undefined };
const hostRoute = plan({ "docker-events.host-route": "add 10.8.0.0/16 via 172.20.20.1", "docker-events.route": "add default via 10.0.0.1" });

describe("routeTargets", () => {
  it.each([
    [["10.8.0.0/16", "via", "172.20.20.1"], "10.8.0.0/16", ["172.20.20.1"]],
    [["default", "via", "inet", "10.0.0.1", "dev", "eth0"], "default", ["10.0.0.1"]],
    [["blackhole", "to", "10.9.0.0/24"], "10.9.0.0/24", []],
    [["10.0.0.0/8", "nexthop", "via", "10.1.1.1", "nexthop", "via", "10.2.2.2"], "10.0.0.0/8", ["10.1.1.1", "10.2.2.2"]],
    [["fd00:1::/64", "via", "inet6", "fe80::1", "dev", "eth0"], "fd00:1::/64", ["fe80::1"]],
  ])("finds destination and gateways in %j", (args, destination, gateways) => {
    expect(routeTargets(args)).toEqual({ destination, gateways });
  });
});

describe("checkHostPolicy", () => {
  it("leaves container-only plans alone whatever the mode", () => {
    expect(checkHostPolicy({ ...base, mode: "deny" }, plan({ "docker-events.route": "add default via 10.0.0.1" }), container("web"))).toEqual([]);
  });

  it.each([
    ["allow", base, container("web"), undefined],
    ["deny", { ...base, mode: "deny" as const }, container("web"), "DEHANDLER_HOST_CHANGES=deny: no container may change the host"],
    [
      "opt-in by label",
      { ...base, mode: "opt-in" as const, optInLabel: "dehandler.host=yes" },
      container("web", { "dehandler.host": "yes" }),
      undefined,
    ],
    [
      "opt-in, wrong label value",
      { ...base, mode: "opt-in" as const, optInLabel: "dehandler.host=yes" },
      container("web", { "dehandler.host": "no" }),
      "DEHANDLER_HOST_CHANGES=opt-in: the container has none of label dehandler.host=yes",
    ],
    [
      "opt-in by compose project",
      { ...base, mode: "opt-in" as const, optInProjects: ["vpn"] },
      container("vpn-gw-1", { "com.docker.compose.project": "vpn" }),
      undefined,
    ],
    ["opt-in by name pattern", { ...base, mode: "opt-in" as const, optInNames: ["vpn-*"] }, container("vpn-gw-1"), undefined],
    [
      "opt-in, nothing matches",
      { ...base, mode: "opt-in" as const, optInProjects: ["vpn"], optInNames: ["vpn-*"] },
      container("web", { "com.docker.compose.project": "shop" }),
      "DEHANDLER_HOST_CHANGES=opt-in: the container has none of compose project in vpn; name matching vpn-*",
    ],
  ])("mode %s", (_, policy, target, rule) => {
    const refusals = checkHostPolicy(policy, hostRoute, target);
    if (rule === undefined) expect(refusals).toEqual([]);
    else expect(refusals.map((refusal) => [refusal.command.label, refusal.rule])).toEqual([["docker-events.host-route", rule]]);
  });

  it.each([
    ["10.0.0.0/8,172.16.0.0/12", "add 10.8.0.0/16 via 172.20.20.1", undefined],
    ["10.0.0.0/8", "add 10.8.0.0/16 via 172.20.20.1", "DEHANDLER_HOST_ROUTE_CIDRS: gateway 172.20.20.1 outside 10.0.0.0/8"],
    ["172.16.0.0/12", "add 10.8.0.0/16 via 172.20.20.1", "DEHANDLER_HOST_ROUTE_CIDRS: destination 10.8.0.0/16 outside 172.16.0.0/12"],
    [
      "10.8.0.0/24,172.16.0.0/12",
      "add 10.8.0.0/16 via 172.20.20.1",
      "DEHANDLER_HOST_ROUTE_CIDRS: destination 10.8.0.0/16 outside 10.8.0.0/24, 172.16.0.0/12",
    ],
    ["10.0.0.0/8", "add default via 10.0.0.1", "DEHANDLER_HOST_ROUTE_CIDRS: destination default outside 10.0.0.0/8"],
    ["0.0.0.0/0", "add default via 10.0.0.1", undefined],
    ["fd00::/8", "add fd00:1::/64 via fd00::1", undefined],
    ["fd00::/8", "add 10.1.0.0/16 dev eth0", "DEHANDLER_HOST_ROUTE_CIDRS: destination 10.1.0.0/16 outside fd00::/8"],
    // A stated family comes before the object: the destination is still the word after the verb.
    ["fd00::/8", "-6 add fd00:1::/64 via fd00::1", undefined],
    ["fd00::/8", "-4 add 10.1.0.0/16 dev eth0", "DEHANDLER_HOST_ROUTE_CIDRS: destination 10.1.0.0/16 outside fd00::/8"],
    ["10.0.0.0/8", "replace 10.8.0.0/16 via 172.20.20.1", "DEHANDLER_HOST_ROUTE_CIDRS: gateway 172.20.20.1 outside 10.0.0.0/8"],
  ])("CIDRs %s and host-route %s", (cidrs, part, rule) => {
    const policy = { ...base, routeCidrs: CidrList.parse(cidrs.split(",")) };
    const refusals = checkHostPolicy(policy, plan({ "docker-events.host-route": part }), container("web"));
    expect(refusals.map((refusal) => refusal.rule)).toEqual(rule === undefined ? [] : [rule]);
  });

  it.each([
    ["198.18.0.0/15", "add from 198.18.4.0/24 lookup 100", undefined],
    ["198.18.0.0/15", "add from 198.18.4.0/24 to 10.0.0.0/8 lookup 100", "DEHANDLER_HOST_ROUTE_CIDRS: to 10.0.0.0/8 outside 198.18.0.0/15"],
    ["198.18.0.0/15", "add from all lookup 100", "DEHANDLER_HOST_ROUTE_CIDRS: from all outside 198.18.0.0/15"],
    [
      "198.18.0.0/15",
      "add fwmark 1 lookup 100",
      "DEHANDLER_HOST_ROUTE_CIDRS: a rule without from or to would match all traffic; expected from/to inside 198.18.0.0/15",
    ],
    ["fd00::/8", "add from fd00:4::/64 lookup 100", undefined],
    ["fd00::/8", "-6 add from fd00:4::/64 lookup 100", undefined],
    ["198.18.0.0/15", "-4 add to 10.0.0.0/8 lookup 100", "DEHANDLER_HOST_ROUTE_CIDRS: to 10.0.0.0/8 outside 198.18.0.0/15"],
    [
      "198.18.0.0/15",
      "add not from 198.18.4.0/24 lookup 100",
      "DEHANDLER_HOST_ROUTE_CIDRS: an inverted rule (not) would match all traffic outside 198.18.0.0/15",
    ],
  ])("CIDRs %s and host-rule %s", (cidrs, part, rule) => {
    const policy = { ...base, routeCidrs: CidrList.parse(cidrs.split(",")) };
    const refusals = checkHostPolicy(policy, plan({ "docker-events.host-rule": part }), container("web"));
    expect(refusals.map((refusal) => refusal.rule)).toEqual(rule === undefined ? [] : [rule]);
  });

  it("applies the mode to host rules like host routes", () => {
    const refusals = checkHostPolicy(
      { ...base, mode: "deny" },
      plan({ "docker-events.host-rule": "add from 198.18.4.0/24 lookup 100" }),
      container("web"),
    );
    expect(refusals.map((refusal) => [refusal.command.label, refusal.rule])).toEqual([
      ["docker-events.host-rule", "DEHANDLER_HOST_CHANGES=deny: no container may change the host"],
    ]);
  });

  it("refuses every host part, not just the first", () => {
    const refusals = checkHostPolicy(
      { ...base, mode: "deny" },
      plan({ "docker-events.host-route": "delete 10.8.0.0/26;add 10.8.0.0/16 via 172.20.20.1" }),
      container("web"),
    );
    expect(refusals.map((refusal) => refusal.command.partIndex)).toEqual([0, 1]);
  });
});

describe("CidrList.parse", () => {
  it.each(["10.0.0.0/33", "10.0.0/8", "fd00::/129", "nonsense"])("refuses %s", (text) => {
    expect(() => CidrList.parse([text])).toThrow(`${JSON.stringify(text)} is not a CIDR`);
  });
});
