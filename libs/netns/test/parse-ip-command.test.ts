import { describe, expect, it } from "vitest";
import { parseIpCommand } from "../src/parse-ip-command.js";
import type { IpCommand } from "../src/parse-ip-command.js";

const cases: Array<[string[], Omit<IpCommand, "args" | "body">]> = [
  [
    ["route", "add", "10.9.0.0/24", "via", "10.99.0.1"],
    { family: undefined, object: "route", verb: "add", rest: ["10.9.0.0/24", "via", "10.99.0.1"] },
  ],
  [["-6", "rule", "del", "from", "fd00::1"], { family: "-6", object: "rule", verb: "delete", rest: ["from", "fd00::1"] }],
  [["-4", "addr", "a", "10.0.0.1/24", "dev", "va"], { family: "-4", object: "address", verb: "add", rest: ["10.0.0.1/24", "dev", "va"] }],
  [["r", "p", "10.9.0.0/24"], { family: undefined, object: "route", verb: "prepend", rest: ["10.9.0.0/24"] }],
  [["ro", "ap", "10.9.0.0/24"], { family: undefined, object: "route", verb: "append", rest: ["10.9.0.0/24"] }],
  [["ru", "d", "pref", "5"], { family: undefined, object: "rule", verb: "delete", rest: ["pref", "5"] }],
  [["address", "prepend", "10.0.0.1/24"], { family: undefined, object: "address", verb: undefined, rest: ["10.0.0.1/24"] }],
  [["route", "replace", "10.9.0.0/24"], { family: undefined, object: "route", verb: undefined, rest: ["10.9.0.0/24"] }],
  [["route", "", "10.9.0.0/24"], { family: undefined, object: "route", verb: undefined, rest: ["10.9.0.0/24"] }],
  [["addrlabel", "add", "prefix", "::/0"], { family: undefined, object: undefined, verb: undefined, rest: ["prefix", "::/0"] }],
  [["-d", "route", "add"], { family: undefined, object: undefined, verb: undefined, rest: ["add"] }],
  [[], { family: undefined, object: undefined, verb: undefined, rest: [] }],
];

describe("parseIpCommand", () => {
  it.each(cases)("%j", (args, expected) => {
    expect(parseIpCommand(args)).toMatchObject({ ...expected, args });
  });

  // What a batch line carries: ip takes the family once per process.
  it.each([
    [
      ["-4", "route", "add", "10.9.0.0/24"],
      ["route", "add", "10.9.0.0/24"],
    ],
    [
      ["-6", "rule", "del", "from", "fd00::1"],
      ["rule", "del", "from", "fd00::1"],
    ],
    [
      ["route", "add", "10.9.0.0/24"],
      ["route", "add", "10.9.0.0/24"],
    ],
    [
      ["-d", "route", "show"],
      ["-d", "route", "show"],
    ],
    [["-4"], []],
  ])("the body of %j is %j", (args, body) => {
    expect(parseIpCommand(args).body).toEqual(body);
  });
});
