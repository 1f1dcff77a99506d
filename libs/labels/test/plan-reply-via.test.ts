import { describe, expect, it } from "vitest";
import { FIRST_REPLY_TABLE, planReplyVia } from "../src/plan-reply-via.js";

const LABEL = "docker-events.reply-via";

function presetFor(ref: string, table: number): string[][] {
  const t = String(table);
  return [
    ["-4", "route", "replace", `${ref}.subnet`, "dev", ref, "table", t],
    ["-4", "route", "replace", "default", "via", `${ref}.gateway`, "dev", ref, "table", t],
    ["-4", "rule", "add", "from", `${ref}.ip`, "table", t],
    ["-6", "route", "replace", `${ref}.subnet`, "dev", ref, "table", t],
    ["-6", "route", "replace", "default", "via", `${ref}.gateway`, "dev", ref, "table", t],
    ["-6", "rule", "add", "from", `${ref}.ip`, "table", t],
  ];
}

/** [network name, table] per group of six commands. */
function groups(value: string, labels: Readonly<Record<string, string>> = {}): [string, string][] {
  const outcome = planReplyVia(LABEL, value, labels);
  expect(outcome.errors).toEqual([]);
  return outcome.commands.filter((_, index) => index % 6 === 0).map((command) => [command.partText, command.argv.at(-1) ?? ""]);
}

describe("planReplyVia", () => {
  it("starts tables at 1000", () => {
    expect(FIRST_REPLY_TABLE).toBe(1000);
  });

  it("plans six optional commands with references for one network", () => {
    const outcome = planReplyVia(LABEL, "wan", {});
    expect(outcome.errors).toEqual([]);
    expect(outcome.commands).toEqual(
      presetFor("@wan", 1000).map((argv) => ({
        label: LABEL,
        partIndex: 0,
        partText: "wan",
        target: "container",
        action: "ip",
        argv,
        hasReferences: true,
        optional: true,
      })),
    );
  });

  it("numbers tables 1000, 1001 in the order written", () => {
    const outcome = planReplyVia(LABEL, "wan,lan", {});
    expect(outcome.commands.map((command) => command.argv)).toEqual([...presetFor("@wan", 1000), ...presetFor("@lan", 1001)]);
    expect(outcome.commands.map((command) => command.partIndex)).toEqual([...Array<number>(6).fill(0), ...Array<number>(6).fill(1)]);
  });

  it.each<[string, [string, string][]]>([
    ["wan", [["wan", "1000"]]],
    ["@wan", [["wan", "1000"]]],
    [
      " wan ;\t@lan ",
      [
        ["wan", "1000"],
        ["lan", "1001"],
      ],
    ],
    [
      "proj_wan,my.net,vlan-10,9net",
      [
        ["proj_wan", "1000"],
        ["my.net", "1001"],
        ["vlan-10", "1002"],
        ["9net", "1003"],
      ],
    ],
    ["", []],
    [" , ; ,", []],
  ])("reads %j as networks and tables %j", (value, expected) => {
    expect(groups(value)).toEqual(expected);
  });

  // PlannedCommand.partIndex: "empty parts count, so it matches what was written"; the errors of
  // this label already use the written index (see "reports every bad entry" below).
  it.each<[string, number[]]>([
    ["wan,,;lan", [0, 3]],
    [",wan", [1]],
    ["wan, ,lan,,dmz", [0, 2, 4]],
  ])("gives the commands for %j the written indexes %j, empty entries counted", (value, indexes) => {
    const outcome = planReplyVia(LABEL, value, {});
    expect([...new Set(outcome.commands.map((command) => command.partIndex))]).toEqual(indexes);
  });

  it.each<[string, Record<string, string>, string[]]>([
    ["route table 1000", { "docker-events.route": "add default via 1.2.3.4 table 1000" }, ["1001", "1002", "1003"]],
    ["rule lookup 1001", { "docker-events.rule": "add from 10.0.0.1 lookup 1001" }, ["1000", "1002", "1003"]],
    [
      "several, across parts and labels",
      { "docker-events.route": "add default via 1.2.3.4 table 1000;flush table 1002", "docker-events.rule": "add fwmark 1 table\t1003" },
      ["1001", "1004", "1005"],
    ],
    ["tables below 1000", { "docker-events.route": "add default via 1.2.3.4 table 100" }, ["1000", "1001", "1002"]],
    ["named and variable tables", { "docker-events.route": "add default via 1.2.3.4 table main;add default table $T" }, ["1000", "1001", "1002"]],
    [
      "host labels (another namespace)",
      { "docker-events.host-route": "add 10.0.0.0/8 via 1.2.3.4 table 1000", "docker-events.host-rule": "add from all lookup 1001" },
      ["1000", "1001", "1002"],
    ],
    ["other labels", { "docker-events.address": "add 10.0.0.1/24 dev eth0 table 1000", "com.example": "table 1001" }, ["1000", "1001", "1002"]],
  ])("skips tables in use: %s", (_name, labels, tables) => {
    expect(groups("a,b,c", labels).map(([, table]) => table)).toEqual(tables);
  });

  it.each<[string, number, string, string]>([
    ["wan,wan", 1, "wan", 'network "wan" is listed twice'],
    ["@wan,wan", 1, "wan", 'network "wan" is listed twice'],
    ["wan,@wan", 1, "@wan", 'network "wan" is listed twice'],
    ["-wan", 0, "-wan", '"-wan" is not a network name'],
    ["_wan", 0, "_wan", '"_wan" is not a network name'],
    ["wan lan", 0, "wan lan", '"wan lan" is not a network name'],
    ["wan,@", 1, "@", '"@" is not a network name'],
    ["@@wan", 0, "@@wan", '"@@wan" is not a network name'],
    ["wan/x", 0, "wan/x", '"wan/x" is not a network name'],
    ["$WAN", 0, "$WAN", '"$WAN" is not a network name'],
    ["wan\n", 0, "wan\n", '"wan\\u{A}" is not a network name'],
    ["w\u00e4n", 0, "w\u00e4n", "is not a network name"],
  ])("refuses %j at part %i", (value, partIndex, partText, problem) => {
    const outcome = planReplyVia(LABEL, value, {});
    expect(outcome.commands).toEqual([]);
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]).toMatchObject({ code: "bad-network-list", label: LABEL, partIndex, partText });
    expect(outcome.errors[0]?.message).toContain(problem);
    expect(outcome.errors[0]?.message).toContain("expected network names separated by commas, such as wan,lan");
  });

  it("refuses more than 16 networks with one error for the label", () => {
    const outcome = planReplyVia(LABEL, Array.from({ length: 17 }, (_, index) => `n${index}`).join(","), {});
    expect(outcome.commands).toEqual([]);
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]).toMatchObject({ code: "too-many-parts", label: LABEL, partIndex: undefined });
    expect(outcome.errors[0]?.message).toBe(`${LABEL}: 17 networks listed; expected at most 16 networks`);
  });

  it("accepts 16 networks", () => {
    const names = Array.from({ length: 16 }, (_, index) => `n${index}`);
    expect(groups(names.join(",")).map(([name]) => name)).toEqual(names);
  });

  it("reports every bad entry and plans nothing", () => {
    const outcome = planReplyVia(LABEL, "-a,ok,ok,b c", {});
    expect(outcome.commands).toEqual([]);
    expect(outcome.errors.map((error) => error.partIndex)).toEqual([0, 2, 3]);
  });
});
