import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { CommandTimeoutError, IpCommandError, runIpBatch, runIpSequence } from "../src/index.js";
import type { IpRunReport, IpTarget, RunOptions } from "../src/index.js";
import { ipIn, randomHostTestPrefix, useScratchNetnsHandle } from "./support/scratch-netns.js";

const NSENTER = ["nsenter", "--net=/proc/self/fd/3", "--"];
type Executor = (target: IpTarget, commands: readonly (readonly string[])[], options?: RunOptions) => Promise<IpRunReport>;
const EXECUTORS: [string, Executor][] = [
  ["batch", runIpBatch],
  ["per-part", runIpSequence],
];

// What a label with every kind of part asks for, in a fresh namespace (va holds 10.99.0.2/24).
const POLICY_ROUTING = [
  ["address", "add", "10.99.0.7/32", "dev", "va"],
  ["address", "add", "10.99.0.8/32", "dev", "va"],
  ["route", "add", "10.9.0.0/24", "via", "10.99.0.1"],
  ["route", "add", "default", "via", "10.99.0.1", "table", "100"],
  ["rule", "add", "from", "10.99.0.7", "table", "100"],
  ["rule", "add", "pref", "50", "from", "10.99.0.8", "table", "100"],
];

const outcomes = (report: IpRunReport) => report.results.map((result) => result.outcome);

describe.each(EXECUTORS)("the %s executor", (executor, run) => {
  const ns = useScratchNetnsHandle();
  const countRules = async (text: string) =>
    (await ipIn(ns().name, ["rule", "show"])).split("\n").filter((line) => line.endsWith(`\t${text}`)).length;

  it("applies every part in order, and a second time finds them all in effect without duplicating the rule", async () => {
    const first = await run(ns().handle, POLICY_ROUTING);
    expect(first.failure).toBeUndefined();
    expect(outcomes(first)).toEqual(Array(6).fill("applied"));
    expect(first.results[2]?.argv).toEqual([...NSENTER, "ip", "route", "add", "10.9.0.0/24", "via", "10.99.0.1"]);
    if (executor === "batch") expect(first.processes).toBe(1);
    else expect(first.processes).toBeGreaterThanOrEqual(6);
    expect(await ipIn(ns().name, ["-4", "-o", "address", "show", "dev", "va"])).toMatch(/10\.99\.0\.7\/32[\s\S]*10\.99\.0\.8\/32/);
    expect(await ipIn(ns().name, ["route", "show", "table", "100"])).toContain("default via 10.99.0.1 dev va");
    expect(await ipIn(ns().name, ["route", "get", "1.1.1.1", "from", "10.99.0.7"])).toContain("via 10.99.0.1 dev va table 100");

    const second = await run(ns().handle, POLICY_ROUTING);
    expect(second.failure).toBeUndefined();
    expect(outcomes(second)).toEqual(Array(6).fill("already"));
    expect(await countRules("from 10.99.0.7 lookup 100")).toBe(1);
    expect(await countRules("from 10.99.0.8 lookup 100")).toBe(1);
  });

  it("stops at the first failure and reports that part with its own exit code and stderr", async () => {
    const report = await run(ns().handle, [
      ["address", "add", "10.99.0.7/32", "dev", "va"],
      ["route", "add", "10.9.0.0/24", "via", "10.100.0.1"],
      ["address", "add", "10.99.0.8/32", "dev", "va"],
    ]);
    expect(outcomes(report)).toEqual(["applied"]);
    expect(report.failure?.index).toBe(1);
    expect(report.failure?.error).toBeInstanceOf(IpCommandError);
    expect(report.failure?.error).toMatchObject({
      argv: [...NSENTER, "ip", "route", "add", "10.9.0.0/24", "via", "10.100.0.1"],
      exitCode: 2,
      stderr: "Error: Nexthop has invalid gateway.",
    });
    const addresses = await ipIn(ns().name, ["-4", "-o", "address", "show", "dev", "va"]);
    expect(addresses).toContain("10.99.0.7/32");
    expect(addresses).not.toContain("10.99.0.8/32");
  });

  it("names the part ip could not even parse, and runs nothing after it", async () => {
    const report = await run(ns().handle, [
      ["address", "add", "10.99.0.7/32", "dev", "va"],
      ["route", "add", "10.9.0.0/24", "via", "gateway"],
      ["address", "add", "10.99.0.8/32", "dev", "va"],
    ]);
    // The batch's own process exits without saying which line: the rest is re-run part by part,
    // so the first part is then found in effect.
    expect(report.results).toHaveLength(1);
    expect(report.failure).toMatchObject({ index: 1, error: { exitCode: 1, stderr: 'Error: inet address is expected rather than "gateway".' } });
    expect(await ipIn(ns().name, ["-4", "-o", "address", "show", "dev", "va"])).not.toContain("10.99.0.8/32");
  });

  it("keeps one copy of a rule given twice, and leaves duplicates someone else made alone", async () => {
    await ipIn(ns().name, ["rule", "add", "from", "10.99.0.9", "table", "200"]);
    await ipIn(ns().name, ["rule", "add", "from", "10.99.0.9", "table", "200"]);
    const report = await run(ns().handle, [
      ["rule", "add", "from", "10.99.0.7", "table", "100"],
      ["rule", "add", "from", "10.99.0.7", "table", "100"],
      ["rule", "add", "from", "10.99.0.9", "table", "200"],
    ]);
    expect(outcomes(report)).toEqual(["applied", "already", "already"]);
    expect(await countRules("from 10.99.0.7 lookup 100")).toBe(1);
    expect(await countRules("from 10.99.0.9 lookup 200")).toBe(2);
  });

  it("deletes and adds back a rule in one go", async () => {
    await ipIn(ns().name, ["rule", "add", "from", "10.99.0.7", "table", "100"]);
    const report = await run(ns().handle, [
      ["rule", "del", "from", "10.99.0.7", "table", "100"],
      ["rule", "add", "from", "10.99.0.7", "table", "100"],
    ]);
    expect(outcomes(report)).toEqual(["applied", "applied"]);
    expect(await countRules("from 10.99.0.7 lookup 100")).toBe(1);
  });

  it("runs parts of both address families in their order", async () => {
    const report = await run(ns().handle, [
      ["-6", "address", "add", "fd00:99::7/64", "dev", "va", "nodad"],
      ["route", "add", "10.9.0.0/24", "via", "10.99.0.1"],
      ["-6", "rule", "add", "from", "fd00:99::7", "table", "100"],
      ["-6", "route", "add", "default", "via", "fd00:99::1", "table", "100"],
    ]);
    expect(report.failure).toBeUndefined();
    expect(outcomes(report)).toEqual(Array(4).fill("applied"));
    if (executor === "batch") expect(report.processes).toBe(3);
    expect(await ipIn(ns().name, ["-6", "rule", "show"])).toContain("from fd00:99::7 lookup 100");
    expect(await ipIn(ns().name, ["-6", "route", "show", "table", "100"])).toContain("default via fd00:99::1 dev va");
  });

  it("reports a part that does not answer in time as a timeout", async () => {
    const report = await run(ns().handle, [["address", "add", "10.99.0.7/32", "dev", "va"]], { timeoutMs: 1 });
    expect(report.failure?.index).toBe(0);
    expect(report.failure?.error).toBeInstanceOf(CommandTimeoutError);
  });
});

describe("the batch executor on the host", () => {
  const prefix = randomHostTestPrefix();
  const [a, b] = [prefix.replace(/0\/24$/, "1/32"), prefix.replace(/0\/24$/, "2/32")];

  afterEach(async () => {
    for (const route of [a, b]) await execa("ip", ["route", "del", "blackhole", route], { reject: false });
  });

  it("adds host routes through one process, without nsenter", async () => {
    const report = await runIpBatch("host", [
      ["route", "add", "blackhole", a],
      ["route", "add", "blackhole", b],
    ]);
    expect(report).toMatchObject({
      processes: 1,
      results: [{ argv: ["ip", "route", "add", "blackhole", a], outcome: "applied" }, { outcome: "applied" }],
    });
    const shown = (await execa("ip", ["route", "show", "root", prefix])).stdout;
    expect(shown.split("\n").map((line) => line.trim())).toEqual([`blackhole ${a.replace("/32", "")}`, `blackhole ${b.replace("/32", "")}`]);
  });
});
