import { z } from "zod";
import { IpCommandError } from "./errors/ip-command-error.js";
import { runInNamespace, type RunOptions } from "./run-in-namespace.js";
import type { NetnsHandle } from "./netns-handle.js";

export interface LinkInfo {
  name: string;
  /** Lower case; undefined for links without one (lo has 00:00:…). */
  mac: string | undefined;
}

const LinksSchema = z.array(z.object({ ifname: z.string(), address: z.string().optional() }).loose());

/** The namespace's interfaces with their MAC addresses (`ip -j link show`), to find a network's interface. */
export async function listLinks(netns: NetnsHandle, options: RunOptions = {}): Promise<LinkInfo[]> {
  const args = ["-j", "link", "show"];
  const result = await runInNamespace(netns, ["ip", ...args], options);
  if (result.exitCode !== 0)
    throw new IpCommandError({ args, argv: result.argv, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr });
  return LinksSchema.parse(JSON.parse(result.stdout)).map((link) => ({ name: link.ifname, mac: link.address?.toLowerCase() }));
}
