import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { readdir, readlink, stat } from "node:fs/promises";
import { afterEach, beforeEach } from "vitest";
import { NetnsHandle } from "../../src/index.js";

export interface ScratchNetns {
  name: string;
  path: string;
}

/**
 * A fresh namespace of its own for one test: veth pair va <-> vb, both up, va holding
 * 10.99.0.2/24 and fd00:99::2/64 so that 10.99.0.1 and fd00:99::1 are reachable gateways.
 */
export async function createScratchNetns(): Promise<ScratchNetns> {
  const name = `dhns-${randomBytes(4).toString("hex")}`;
  await execa("ip", ["netns", "add", name]);
  try {
    await ipIn(name, ["link", "add", "va", "type", "veth", "peer", "name", "vb"]);
    await ipIn(name, ["link", "set", "lo", "up"]);
    await ipIn(name, ["link", "set", "va", "up"]);
    await ipIn(name, ["link", "set", "vb", "up"]);
    await ipIn(name, ["address", "add", "10.99.0.2/24", "dev", "va"]);
    await ipIn(name, ["-6", "address", "add", "fd00:99::2/64", "dev", "va", "nodad"]);
  } catch (error) {
    await deleteScratchNetns(name);
    throw error;
  }
  return { name, path: `/run/netns/${name}` };
}

/** Never fails: some tests delete the name themselves. */
export async function deleteScratchNetns(name: string): Promise<void> {
  await execa("ip", ["netns", "delete", name], { reject: false });
}

export async function ipIn(name: string, args: readonly string[]): Promise<string> {
  const { stdout } = await execa("ip", ["-n", name, ...args]);
  return stdout;
}

/** Pids of every process whose network namespace is the one at `path`. */
export async function pidsInNetns(path: string): Promise<number[]> {
  const target = `net:[${(await stat(path)).ino}]`;
  const pids = (await readdir("/proc")).filter((entry) => /^\d+$/.test(entry));
  const links = await Promise.all(pids.map(async (pid) => ((await readlink(`/proc/${pid}/ns/net`).catch(() => "")) === target ? Number(pid) : 0)));
  return links.filter((pid) => pid !== 0);
}

export function randomHostTestPrefix(): string {
  // 198.18.0.0/15 is reserved for benchmarking, so no real host route can live there.
  const [second = 0, third = 0] = randomBytes(2);
  return `198.${18 + (second % 2)}.${third}.0/24`;
}

/**
 * Registers a fresh namespace, opened as a handle, for each test of the calling suite, closed and
 * deleted after it; the returned function gives the current one.
 */
export function useScratchNetnsHandle(): () => { name: string; path: string; handle: NetnsHandle } {
  let scratch: ScratchNetns | undefined;
  let handle: NetnsHandle | undefined;
  beforeEach(async () => {
    scratch = await createScratchNetns();
    handle = await NetnsHandle.open(scratch.path);
  });
  afterEach(async () => {
    await handle?.close();
    if (scratch) await deleteScratchNetns(scratch.name);
    scratch = undefined;
    handle = undefined;
  });
  return () => {
    if (!scratch || !handle) throw new Error("expected beforeEach to have opened a namespace");
    return { name: scratch.name, path: scratch.path, handle };
  };
}
