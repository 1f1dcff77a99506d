import { parseIpCommand } from "./parse-ip-command.js";
import type { IpObject } from "./parse-ip-command.js";

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

/**
 * Decides whether a failed `ip address|route|rule add|prepend|append|del` failed only because the
 * desired state already holds, which a retried job must treat as success.
 */
export function classifyIpFailure(args: readonly string[], stderr: string): "already" | "failed" {
  const { object, verb } = parseIpCommand(args);
  if (object === undefined || verb === undefined) return "failed";
  const texts = ALREADY_TEXTS[object][verb === "delete" ? "delete" : "add"];
  // Line by line: ip may print a warning before the error.
  return stderr.split("\n").some((line) => texts.includes(line.trim())) ? "already" : "failed";
}
