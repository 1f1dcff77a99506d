import { describe, expect, it } from "vitest";
import { classifyIpFailure } from "../src/classify-ip-failure.js";
import { parseIpCommand } from "../src/parse-ip-command.js";

const WILDCARD_WARNING = [
  "Warning: Executing wildcard deletion to stay compatible with old scripts.",
  "         Explicitly specify the prefix length (10.99.0.2/32) to avoid this warning.",
  "         This special behaviour is likely to disappear in further releases,",
  "         fix your scripts!",
].join("\n");

// Every stderr below was printed by iproute2 6.1 on kernel 6.18, except the rows marked "older kernel".
const cases: Array<[string, string[], string, "already" | "failed"]> = [
  ["ipv4 address added twice", ["address", "add", "10.99.0.2/24", "dev", "va"], "Error: ipv4: Address already assigned.", "already"],
  ["ipv6 address added twice", ["-6", "address", "add", "fd00:99::2/64", "dev", "va"], "Error: ipv6: address already assigned.", "already"],
  ["ipv4 address added twice, older kernel", ["addr", "add", "10.99.0.2/24", "dev", "va"], "RTNETLINK answers: File exists", "already"],
  ["ipv4 address deleted twice", ["address", "del", "10.99.0.2/24", "dev", "va"], "Error: ipv4: Address not found.", "already"],
  [
    "ipv4 address deleted without prefix length",
    ["address", "del", "10.99.0.2", "dev", "va"],
    `${WILDCARD_WARNING}\nError: ipv4: Address not found.`,
    "already",
  ],
  ["ipv6 address deleted twice", ["-6", "address", "delete", "fd00:99::2/64", "dev", "va"], "Error: ipv6: address not found.", "already"],
  ["address deleted twice, older kernel", ["a", "d", "10.99.0.2/24", "dev", "va"], "RTNETLINK answers: Cannot assign requested address", "already"],
  ["route added twice", ["route", "add", "10.9.0.0/24", "via", "10.99.0.1"], "RTNETLINK answers: File exists\n", "already"],
  ["route prepended twice", ["route", "prepend", "10.9.0.0/24", "via", "10.99.0.1"], "RTNETLINK answers: File exists", "already"],
  ["route appended twice", ["route", "append", "10.9.0.0/24", "via", "10.99.0.1"], "RTNETLINK answers: File exists", "already"],
  ["ipv6 route added twice", ["-6", "route", "add", "fd00:9::/64", "via", "fd00:99::1"], "RTNETLINK answers: File exists", "already"],
  ["abbreviated route add", ["r", "a", "10.9.0.0/24", "via", "10.99.0.1"], "RTNETLINK answers: File exists", "already"],
  ["route deleted twice", ["route", "del", "10.9.0.0/24", "via", "10.99.0.1"], "RTNETLINK answers: No such process", "already"],
  ["ipv6 route deleted twice", ["-6", "route", "delete", "fd00:9::/64"], "RTNETLINK answers: No such process", "already"],
  [
    "route deleted from a table that does not exist",
    ["route", "delete", "10.9.0.0/24", "table", "101"],
    "Error: FIB table does not exist.",
    "already",
  ],
  [
    "rule with priority added twice",
    ["rule", "add", "pref", "100", "from", "10.99.0.2", "table", "100"],
    "RTNETLINK answers: File exists",
    "already",
  ],
  [
    "ipv6 rule with priority added twice",
    ["-6", "rule", "add", "pref", "50", "from", "fd00::1", "table", "5"],
    "RTNETLINK answers: File exists",
    "already",
  ],
  ["rule deleted twice", ["rule", "del", "from", "10.99.0.2", "table", "100"], "RTNETLINK answers: No such file or directory", "already"],
  ["ipv6 rule deleted twice", ["-6", "rule", "delete", "from", "fd00::1", "table", "5"], "RTNETLINK answers: No such file or directory", "already"],
  ["abbreviated rule delete", ["ru", "del", "pref", "999"], "RTNETLINK answers: No such file or directory", "already"],

  ["gateway outside every connected subnet", ["route", "add", "10.9.0.0/24", "via", "10.100.0.1"], "Error: Nexthop has invalid gateway.", "failed"],
  ["ipv6 gateway unreachable", ["-6", "route", "add", "fd00:9::/64", "via", "fd00:100::1"], "RTNETLINK answers: No route to host", "failed"],
  ["gateway unreachable, older kernel", ["route", "add", "10.9.0.0/24", "via", "10.100.0.1"], "RTNETLINK answers: Network is unreachable", "failed"],
  ["route on a missing device", ["route", "add", "10.9.0.0/24", "dev", "nonexist"], 'Cannot find device "nonexist"', "failed"],
  ["address on a missing device", ["address", "add", "10.99.0.2/24", "dev", "nonexist"], 'Cannot find device "nonexist"', "failed"],
  ["address delete on a missing device", ["address", "del", "10.99.0.2/24", "dev", "nonexist"], 'Cannot find device "nonexist"', "failed"],
  ["onlink without a device", ["route", "add", "10.1.0.0/24", "via", "10.98.0.1", "onlink"], "Error: Nexthop device required for onlink.", "failed"],
  ["an add that finds nothing to replace", ["route", "add", "10.9.0.0/24", "via", "10.99.0.1"], "RTNETLINK answers: No such process", "failed"],
  ["a delete that meets an existing object", ["route", "del", "10.9.0.0/24"], "RTNETLINK answers: File exists", "failed"],
  ["a rule delete with a route's 'gone' text", ["rule", "del", "pref", "999"], "RTNETLINK answers: No such process", "failed"],
  [
    "an address add with a rule's 'gone' text",
    ["address", "add", "10.99.0.2/24", "dev", "va"],
    "RTNETLINK answers: No such file or directory",
    "failed",
  ],
  ["replace is not a converging verb", ["route", "replace", "10.9.0.0/24", "via", "10.99.0.1"], "RTNETLINK answers: File exists", "failed"],
  ["objects other than address, route and rule", ["link", "add", "va", "type", "veth"], "RTNETLINK answers: File exists", "failed"],
  ["no arguments", [], "RTNETLINK answers: File exists", "failed"],
  ["only a family flag", ["-4"], "RTNETLINK answers: File exists", "failed"],
  ["empty stderr", ["route", "add", "10.9.0.0/24", "via", "10.99.0.1"], "", "failed"],
];

// Undoing what was applied, a delete through a device that is gone finds nothing left to remove.
const undoCases: Array<[string, string[], string, "already" | "failed"]> = [
  ["route delete through a device that is gone", ["-4", "route", "del", "10.9.0.0/24", "dev", "br-gone"], 'Cannot find device "br-gone"', "already"],
  ["address delete on a device that is gone", ["address", "del", "10.99.0.2/24", "dev", "br-gone"], 'Cannot find device "br-gone"', "already"],
  ["an add through a device that is gone", ["route", "add", "10.9.0.0/24", "dev", "br-gone"], 'Cannot find device "br-gone"', "failed"],
  ["a delete that finds the route gone", ["route", "del", "10.9.0.0/24", "via", "10.99.0.1"], "RTNETLINK answers: No such process", "already"],
  ["a delete refused otherwise", ["route", "del", "10.9.0.0/24"], "RTNETLINK answers: Operation not permitted", "failed"],
];

describe("classifyIpFailure", () => {
  it.each(cases)("%s", (_name, args, stderr, expected) => {
    expect(classifyIpFailure(parseIpCommand(args), stderr)).toBe(expected);
  });

  it.each(undoCases)("undoing: %s", (_name, args, stderr, expected) => {
    expect(classifyIpFailure(parseIpCommand(args), stderr, "undo")).toBe(expected);
  });

  it("applying, a delete through a device that is gone is a mistake in the label", () => {
    expect(classifyIpFailure(parseIpCommand(["route", "del", "10.9.0.0/24", "dev", "br-gone"]), 'Cannot find device "br-gone"')).toBe("failed");
  });
});
