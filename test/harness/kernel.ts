import { execa } from "execa";
import { randomBytes } from "node:crypto";
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
