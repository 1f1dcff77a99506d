import type { IpCommand, IpObject } from "./parse-ip-command.js";

type VerbKind = "add" | "delete";

/**
 * stderr lines meaning "the add found it already there" / "the delete found it already gone".
 * Measured on kernel 6.18 with iproute2 6.1, except the two marked lines: the plain errno texts
 * older kernels (no extended ack for addresses) print for the same cases.
 */
const ALREADY_TEXTS: Readonly<Record<IpObject, Readonly<Record<VerbKind, readonly string[]>>>> = {
  address: {
    add: [
      "Error: ipv4: Address already assigned.",
      "Error: ipv6: address already assigned.",
      "RTNETLINK answers: File exists", // older kernels
    ],
    delete: [
      "Error: ipv4: Address not found.",
      "Error: ipv6: address not found.",
      "RTNETLINK answers: Cannot assign requested address", // older kernels
    ],
  },
  route: {
    add: ["RTNETLINK answers: File exists"],
    // A delete naming a table that does not exist has nothing left to delete either.
    delete: ["RTNETLINK answers: No such process", "Error: FIB table does not exist."],
  },
  rule: {
    add: ["RTNETLINK answers: File exists"],
    delete: ["RTNETLINK answers: No such file or directory"],
  },
};

// ip's own report of a device name it cannot resolve (iproute2's nodev()).
const DEVICE_GONE = /^Cannot find device "/;

/**
 * Why the commands run: to apply what labels say, or to undo what was applied (a container's host
 * changes when it ends). Undoing, a delete naming a device that is gone has nothing left to
 * remove: the kernel removed the routes through it with it (compose down removed the bridge).
 * Applying, the same failure is a device name that is wrong, and reported.
 */
export type IpPurpose = "apply" | "undo";

/**
 * Decides whether a failed `ip address|route|rule add|prepend|append|del` failed only because the
 * desired state already holds, which a retried job must treat as success.
 */
export function classifyIpFailure(command: IpCommand, stderr: string, purpose: IpPurpose = "apply"): "already" | "failed" {
  const { object, verb } = command;
  if (object === undefined || verb === undefined) return "failed";
  const kind = verb === "delete" ? "delete" : "add";
  const texts = ALREADY_TEXTS[object][kind];
  const deviceGoneCounts = purpose === "undo" && kind === "delete";
  // Line by line: ip may print a warning before the error.
  const already = stderr.split("\n").some((line) => texts.includes(line.trim()) || (deviceGoneCounts && DEVICE_GONE.test(line.trim())));
  return already ? "already" : "failed";
}
