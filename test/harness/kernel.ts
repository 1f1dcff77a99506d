import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import type { Cleanup } from "./cleanup.js";

/** `ip` inside a process's network namespace, read independently of libs/netns. */
export async function ipInNetnsOf(pid: number, args: readonly string[]): Promise<string> {
  const { stdout } = await execa("nsenter", ["-t", String(pid), "-n", "ip", ...args]);
  return stdout;
}

export async function ipOnHost(args: readonly string[]): Promise<string> {
  const { stdout } = await execa("ip", args);
  return stdout;
}

/** A veth pair whose one end can parent a macvlan network (the dummy link type is missing here). */
export async function createVethParent(cleanup: Cleanup): Promise<string> {
  const suffix = randomBytes(3).toString("hex");
  const parent = `dhp${suffix}`;
  const peer = `dhq${suffix}`;
  await execa("ip", ["link", "add", parent, "type", "veth", "peer", "name", peer]);
  cleanup.defer(`veth ${parent}`, () => execa("ip", ["link", "del", parent], { reject: false }));
  await execa("ip", ["link", "set", parent, "up"]);
  await execa("ip", ["link", "set", peer, "up"]);
  return parent;
}

/** Removes a host route this test caused, whether or not it exists now. */
export function deferHostRouteRemoval(cleanup: Cleanup, prefix: string): void {
  cleanup.defer(`host route ${prefix}`, () => execa("ip", ["route", "del", prefix], { reject: false }));
}

/**
 * Removes a host policy rule this test caused — every copy of it — whether or not it exists now.
 * `selector` must name the rule precisely (e.g. `from 198.18.7.0/24 lookup 31234`): an empty or
 * loose one would delete the host's own rules.
 */
export function deferHostRuleRemoval(cleanup: Cleanup, selector: readonly string[]): void {
  if (!selector.includes("from") || !(selector.includes("lookup") || selector.includes("table"))) {
    throw new Error(`a host rule to remove must name its source and table, got "${selector.join(" ")}"`);
  }
  cleanup.defer(`host rule ${selector.join(" ")}`, async () => {
    for (let copies = 0; copies < 16; copies += 1) {
      const { exitCode } = await execa("ip", ["rule", "del", ...selector], { reject: false });
      if (exitCode !== 0) return;
    }
  });
}

/** The other end of a pair made by `createVethParent` (dhpXXXX → dhqXXXX). */
export function vethPeerOf(parent: string): string {
  if (!parent.startsWith("dhp")) throw new Error(`expected a veth end from createVethParent (dhp…), got ${parent}`);
  return `dhq${parent.slice(3)}`;
}

/** `ip` in a named network namespace (one made by `createClientNetns`). */
export async function ipInNamedNetns(netns: string, args: readonly string[]): Promise<string> {
  const { stdout } = await execa("ip", ["-n", netns, ...args]);
  return stdout;
}

/**
 * A network namespace standing for a client on the far side of a macvlan network: `link` (the
 * veth peer of the network's parent) is moved into it, given `addresses` (CIDR; IPv6 ones without
 * duplicate address detection) and brought up. Deleting the namespace deletes the veth pair too.
 */
export async function createClientNetns(cleanup: Cleanup, link: string, addresses: readonly string[]): Promise<string> {
  const netns = `dhc${randomBytes(3).toString("hex")}`;
  await execa("ip", ["netns", "add", netns]);
  cleanup.defer(`netns ${netns}`, () => execa("ip", ["netns", "del", netns], { reject: false }));
  await execa("ip", ["link", "set", link, "netns", netns]);
  await ipInNamedNetns(netns, ["link", "set", "lo", "up"]);
  for (const address of addresses) {
    await ipInNamedNetns(netns, ["address", "add", address, "dev", link, ...(address.includes(":") ? ["nodad"] : [])]);
  }
  await ipInNamedNetns(netns, ["link", "set", link, "up"]);
  return netns;
}

/** Whether one ping from `source` (an address in the namespace) to `target` is answered in 2 s. */
export async function pingAnswered(netns: string, source: string, target: string): Promise<boolean> {
  const { exitCode } = await execa("ip", ["netns", "exec", netns, "busybox", "ping", "-c", "1", "-W", "2", "-I", source, target], { reject: false });
  return exitCode === 0;
}

/**
 * A host blackhole route for `prefix` (a test-only range), removed after the test: traffic the
 * host would forward there (out of its default route) is dropped instead of leaving the machine.
 */
export async function blackholeOnHost(cleanup: Cleanup, prefix: string): Promise<void> {
  deferHostRouteRemoval(cleanup, prefix);
  await execa("ip", ["route", "add", "blackhole", prefix]);
}

/** The name of the interface in a process's namespace that carries `address` (IPv4 or IPv6). */
export async function interfaceCarrying(pid: number, address: string): Promise<string> {
  const shown = await ipInNetnsOf(pid, ["-o", "address", "show"]);
  const line = shown.split("\n").find((entry) => entry.includes(` ${address}/`));
  const name = line?.split(/\s+/)[1];
  if (name === undefined) throw new Error(`expected an interface with ${address}, got:\n${shown}`);
  return name;
}

const IPV6_FORWARDING = ["/proc/sys/net/ipv6/conf/all/forwarding", "/proc/sys/net/ipv6/conf/default/forwarding"];

/**
 * Puts the host's IPv6 forwarding back as it was after the test: the engine turns it on when it
 * creates an IPv6 bridge network, and never off again. Call before creating such a network.
 */
export async function preserveHostIpv6Forwarding(cleanup: Cleanup): Promise<void> {
  const before = await Promise.all(IPV6_FORWARDING.map((path) => readFile(path, "utf8")));
  cleanup.defer("host IPv6 forwarding", () => Promise.all(IPV6_FORWARDING.map((path, index) => writeFile(path, before[index] ?? "0\n"))));
}
