import { describe, expect, it } from "vitest";
import { planSysctlPart, sysctlPath } from "../src/plan-sysctl-part.js";

const EXPECTED = "net.<key>=<value>, such as net.ipv4.conf.@wan.rp_filter=2 (a key with / between its parts is also read)";

describe("planSysctlPart accepts", () => {
  it.each<[string, [string, string], boolean]>([
    ["net.ipv4.ip_forward=1", ["net/ipv4/ip_forward", "1"], false],
    ["net.ipv4.conf.all.rp_filter = 2", ["net/ipv4/conf/all/rp_filter", "2"], false],
    ["net.ipv4.conf.all.rp_filter\t=\t2", ["net/ipv4/conf/all/rp_filter", "2"], false],
    ["net.core.somaxconn=4096", ["net/core/somaxconn", "4096"], false],
    ["net.ipv6.conf.all.disable_ipv6=0", ["net/ipv6/conf/all/disable_ipv6", "0"], false],
    ["net.ipv4.conf.eth-1.rp_filter=1", ["net/ipv4/conf/eth-1/rp_filter", "1"], false],
    ["net.ipv4.tcp_congestion_control=bbr", ["net/ipv4/tcp_congestion_control", "bbr"], false],
    ["net.netfilter.nf_conntrack_max=262144", ["net/netfilter/nf_conntrack_max", "262144"], false],
    ["net.ipv4.ip_local_port_range=32768 60999", ["net/ipv4/ip_local_port_range", "32768 60999"], false],
    ["net.ipv4.ping_group_range=0\t2147483647", ["net/ipv4/ping_group_range", "0\t2147483647"], false],
    ["net.x.y=a:b,c/d-e_f.g", ["net/x/y", "a:b,c/d-e_f.g"], false],
    // The slash form keeps dots inside a part, as sysctl(8) does: a VLAN interface is one part.
    ["net/ipv4/conf/eth0.100/rp_filter=0", ["net/ipv4/conf/eth0.100/rp_filter", "0"], false],
    ["net/ipv4/ip_forward=1", ["net/ipv4/ip_forward", "1"], false],
    [`net.ipv4.ip_forward=${"1".repeat(256)}`, ["net/ipv4/ip_forward", "1".repeat(256)], false],
    // References stay as written until resolvePlan knows the interface.
    ["net.ipv4.conf.@wan.rp_filter=2", ["net.ipv4.conf.@wan.rp_filter", "2"], true],
    ["net/ipv6/conf/@wan/accept_ra=2", ["net/ipv6/conf/@wan/accept_ra", "2"], true],
    ["net.ipv4.conf.@my.net.rp_filter = 1", ["net.ipv4.conf.@my.net.rp_filter", "1"], true],
  ])("%j", (text, argv, hasReferences) => {
    expect(planSysctlPart(text)).toEqual({ argv, hasReferences });
  });
});

describe("planSysctlPart refuses", () => {
  it.each([
    ["kernel.panic=1", '"kernel.panic" is not under net.'],
    ["kernel/panic=1", '"kernel/panic" is not under net.'],
    ["vm.swappiness=10", '"vm.swappiness" is not under net.'],
    ["fs.file-max=1", '"fs.file-max" is not under net.'],
    ["netfilter.x=1", '"netfilter.x" is not under net.'],
    ["NET.ipv4.ip_forward=1", '"NET.ipv4.ip_forward" is not under net.'],
    ["net=1", '"net" is not under net.'],
    ["/net/ipv4/ip_forward=1", '"/net/ipv4/ip_forward" is not under net.'],
    ["net..ipv4.ip_forward=1", 'has an empty, "." or ".." part'],
    ["net.ipv4.=1", 'has an empty, "." or ".." part'],
    ["net/ipv4//ip_forward=1", 'has an empty, "." or ".." part'],
    ["net/../kernel/panic=1", 'key "net/../kernel/panic" has an empty, "." or ".." part'],
    ["net/./ipv4/ip_forward=1", 'has an empty, "." or ".." part'],
    ["net/ipv4/..=1", 'has an empty, "." or ".." part'],
    ["net.ipv4.ip_forward", 'no "=" between key and value'],
    ["", 'no "=" between key and value'],
    ["=1", 'key "" has characters other than'],
    ["net.ipv4 .ip_forward=1", 'key "net.ipv4 .ip_forward" has characters other than letters, digits and _ . / @ -'],
    ["net.ipv4.ip*=1", "has characters other than"],
    ["net.ipv4.conf.$x.rp_filter=1", "has characters other than"],
    ["net.ipv4.ip_forward=", 'value "" is not up to 256'],
    ["net.ipv4.ip_forward= \t", 'value "" is not up to 256'],
    ["net.ipv4.ip_forward=a=b", 'value "a=b"'],
    ["net.ipv4.ip_forward=1;reboot", 'value "1;reboot"'],
    ["net.ipv4.ip_forward=$(id)", 'value "$(id)"'],
    ["net.ipv4.ip_forward=@wan", 'value "@wan"'],
    ["net.ipv4.ip_forward=1\n", 'value "1\\u{A}"'],
    ["net.ipv4.ip_forward=é", "value"],
    [`net.ipv4.ip_forward=${"1".repeat(257)}`, "is not up to 256 letters"],
  ])("%j: %s", (text, problem) => {
    const planned = planSysctlPart(text);
    expect(planned).toMatchObject({ code: "bad-sysctl", expected: EXPECTED });
    expect("problem" in planned ? planned.problem : "").toContain(problem);
  });

  it.each(["net.ipv4.conf.@.rp_filter=1", "net.ipv4.conf.@-x.rp_filter=1", "net/ipv4/conf/@/rp_filter=1", "net.ipv4.conf.wan@=1"])(
    "%j as a bad reference",
    (text) => {
      expect(planSysctlPart(text)).toMatchObject({ code: "bad-reference" });
    },
  );
});

// Source bug: a key with a "/" is read the slash way, so its first part must be "net"; the check
// /^net[./]/ also lets through "net.<…>/…", whose path lies outside /proc/sys/net (and fails only
// when the worker writes it). These keys should be refused like kernel.panic.
describe("planSysctlPart refuses a slash-read key whose first part is not net", () => {
  it.each(["net.ipv4/ip_forward=1", "net.ipv4.conf.x/rp_filter=1", "net./ipv4/ip_forward=1"])("%j", (text) => {
    expect(planSysctlPart(text)).toMatchObject({ code: "bad-sysctl" });
  });

  it("once resolved, too", () => {
    expect(sysctlPath(["net.", "eth1", "/rp_filter"], "/")).toMatchObject({ code: "bad-sysctl" });
  });
});

describe("sysctlPath", () => {
  it.each<[string[], "." | "/", string]>([
    [["net.ipv4.ip_forward"], ".", "net/ipv4/ip_forward"],
    [["net/ipv4/ip_forward"], "/", "net/ipv4/ip_forward"],
    // Resolved interface names (odd indexes) stay one part even with dots in them.
    [["net.ipv4.conf.", "eth0.100", ".rp_filter"], ".", "net/ipv4/conf/eth0.100/rp_filter"],
    [["net/ipv4/conf/", "eth0.100", "/rp_filter"], "/", "net/ipv4/conf/eth0.100/rp_filter"],
    [["net.ipv4.conf.", "eth1", ".rp_filter"], ".", "net/ipv4/conf/eth1/rp_filter"],
    [["net.", "a", ".", "b", ".x"], ".", "net/a/b/x"],
    [["net.", "eth", "", "1", ".x"], ".", "net/eth1/x"],
  ])("%j split at %s → %s", (pieces, separator, path) => {
    expect(sysctlPath(pieces, separator)).toBe(path);
  });

  it.each<[string[], "." | "/"]>([
    [["net.ipv4.conf.", "", ".rp_filter"], "."],
    [["net.ipv4.conf.", "..", ".rp_filter"], "."],
    [["net.ipv4.conf.", ".", ".rp_filter"], "."],
    [["net.ipv4.conf.", "172.18.0.0/16", ".rp_filter"], "."],
    [["net/ipv4/conf/", "a/b", "/rp_filter"], "/"],
    [["net..x"], "."],
  ])("refuses %j split at %s", (pieces, separator) => {
    expect(sysctlPath(pieces, separator)).toMatchObject({ code: "bad-sysctl", expected: EXPECTED });
  });
});
