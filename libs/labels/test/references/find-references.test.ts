import { describe, expect, it } from "vitest";
import { findReferences } from "../../src/references/find-references.js";

describe("findReferences", () => {
  it.each<[string, [number, number, string][]]>([
    ["", []],
    ["eth0", []],
    ["fe80::1%eth0", []],
    ["@wan", [[0, 4, "wan"]]],
    ["@wan.ip/24", [[0, 7, "wan.ip"]]],
    ["@wan.gateway6", [[0, 13, "wan.gateway6"]]],
    ["@my.net.subnet", [[0, 14, "my.net.subnet"]]],
    ["@proj_wan-1", [[0, 11, "proj_wan-1"]]],
    ["@9net", [[0, 5, "9net"]]],
    ["@wan%x", [[0, 4, "wan"]]],
    ["@wan:1", [[0, 4, "wan"]]],
    ["net.ipv4.conf.@wan.rp_filter", [[14, 28, "wan.rp_filter"]]],
    ["net/ipv4/conf/@wan/rp_filter", [[14, 18, "wan"]]],
    [
      "x@a@b",
      [
        [1, 3, "a"],
        [3, 5, "b"],
      ],
    ],
    [
      "@a/@b.ip",
      [
        [0, 2, "a"],
        [3, 8, "b.ip"],
      ],
    ],
  ])("%j", (text, spans) => {
    expect(findReferences(text)).toEqual(spans.map(([start, end, run]) => ({ start, end, run })));
  });

  it.each<[string, number]>([
    ["@", 0],
    ["@.", 0],
    ["@.ip", 0],
    ["@_wan", 0],
    ["@-wan", 0],
    ["@/24", 0],
    ["a@", 1],
    ["@wan@", 4],
    ["@@wan", 0],
    ["@wan/@", 5],
    ["@ wan", 0],
    ["@\u00e4", 0],
  ])("refuses %j: the @ at %i names no network", (text, index) => {
    expect(findReferences(text)).toEqual({
      code: "bad-reference",
      problem: `"@" at character ${index} is not followed by a network name`,
      expected: "@<network>, @<network>.ip, .gateway, .prefix or .subnet (with 6 for IPv6)",
    });
  });
});
