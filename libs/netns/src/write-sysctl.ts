import { SysctlWriteError } from "./errors/sysctl-write-error.js";
import { runInNamespace, type RunOptions } from "./run-in-namespace.js";
import type { NetnsHandle } from "./netns-handle.js";

const NET_KEY = /^net(\/[A-Za-z0-9_.@-]+)+$/;

/**
 * Writes a network sysctl (`net/ipv4/conf/eth1/rp_filter`) inside a namespace. /proc/sys/net
 * shows the namespace of the process that opens it, so the write is done by a process that
 * entered it (`tee`, argv only, the value on stdin); only keys under net/ are accepted here.
 */
export async function writeSysctl(
  netns: NetnsHandle,
  key: string,
  value: string,
  options: RunOptions = {},
): Promise<{ argv: string[]; durationMs: number }> {
  if (!NET_KEY.test(key) || key.split("/").some((part) => part === "." || part === "..")) {
    throw new RangeError(`sysctl key ${JSON.stringify(key)} is not under net/`);
  }
  const path = `/proc/sys/${key}`;
  const result = await runInNamespace(netns, ["tee", path], { ...options, input: `${value}\n` });
  if (result.exitCode !== 0) throw new SysctlWriteError(key, result.argv, result.exitCode, result.stderr);
  return { argv: result.argv, durationMs: result.durationMs };
}
