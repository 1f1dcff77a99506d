import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { IpCommandError, runIp } from "../src/index.js";
import { useScratchNetnsHandle, ipIn, randomHostTestPrefix } from "./support/scratch-netns.js";

const NSENTER = ["nsenter", "--net=/proc/self/fd/3", "--"];

describe("runIp in a namespace", () => {
  const ns = useScratchNetnsHandle();

  /** add, add again, delete, delete again: applied, already, applied, already. */
  async function expectConverges(add: string[], del: string[], show: () => Promise<string>, shown: string) {
    const { handle } = ns();
    const first = await runIp(handle, add);
    expect(first).toMatchObject({ argv: [...NSENTER, "ip", ...add], outcome: "applied" });
    expect(await show()).toContain(shown);
    expect((await runIp(handle, add)).outcome).toBe("already");
    expect(await show()).toContain(shown);
    expect((await runIp(handle, del)).outcome).toBe("applied");
    expect(await show()).not.toContain(shown);
    expect((await runIp(handle, del)).outcome).toBe("already");
  }

  it("converges an ipv4 route", async () => {
    const show = () => ipIn(ns().name, ["route", "show"]);
    const route = ["10.9.0.0/24", "via", "10.99.0.1"];
    await expectConverges(["route", "add", ...route], ["route", "del", ...route], show, "10.9.0.0/24 via 10.99.0.1 dev va");
  });

  it("converges a route prepended to another table", async () => {
    const show = () => ipIn(ns().name, ["route", "show", "table", "100"]);
    const route = ["10.9.0.0/24", "via", "10.99.0.1", "table", "100"];
    await expectConverges(["route", "prepend", ...route], ["route", "delete", ...route], show, "10.9.0.0/24 via 10.99.0.1 dev va");
  });

  it("converges an ipv6 route", async () => {
    const show = () => ipIn(ns().name, ["-6", "route", "show"]);
    const route = ["fd00:9::/64", "via", "fd00:99::1"];
    await expectConverges(["-6", "route", "add", ...route], ["-6", "route", "del", ...route], show, "fd00:9::/64 via fd00:99::1 dev va");
  });

  it("converges an ipv4 address", async () => {
    const show = () => ipIn(ns().name, ["-4", "-o", "address", "show", "dev", "va"]);
    const address = ["10.99.0.7/24", "dev", "va"];
    await expectConverges(["address", "add", ...address], ["address", "del", ...address], show, "inet 10.99.0.7/24");
  });

  it("converges an ipv6 address", async () => {
    const show = () => ipIn(ns().name, ["-6", "-o", "address", "show", "dev", "va"]);
    const address = ["fd00:99::7/64", "dev", "va"];
    await expectConverges(["-6", "address", "add", ...address, "nodad"], ["-6", "address", "del", ...address], show, "inet6 fd00:99::7/64");
  });

  it("converges a rule without a priority, which the kernel alone would duplicate", async () => {
    const count = async () =>
      (await ipIn(ns().name, ["rule", "show"])).split("\n").filter((line) => line.endsWith("\tfrom 10.99.0.2 lookup 100")).length;
    const rule = ["from", "10.99.0.2", "table", "100"];
    expect((await runIp(ns().handle, ["rule", "add", ...rule])).outcome).toBe("applied");
    const again = await runIp(ns().handle, ["rule", "add", ...rule]);
    expect(again).toMatchObject({ argv: [...NSENTER, "ip", "rule", "add", ...rule], outcome: "already" });
    expect(await count()).toBe(1);
    expect((await runIp(ns().handle, ["rule", "del", ...rule])).outcome).toBe("applied");
    expect(await count()).toBe(0);
    expect((await runIp(ns().handle, ["rule", "del", ...rule])).outcome).toBe("already");
  });

  it("adds a rule that only overlaps an existing one", async () => {
    const { name, handle } = ns();
    await runIp(handle, ["rule", "add", "from", "10.99.0.2", "table", "100"]);
    expect((await runIp(handle, ["rule", "add", "from", "10.99.0.2", "table", "100", "fwmark", "0x1"])).outcome).toBe("applied");
    expect((await runIp(handle, ["rule", "add", "table", "100"])).outcome).toBe("applied");
    const rules = await ipIn(name, ["rule", "show"]);
    expect(rules).toContain("from 10.99.0.2 lookup 100");
    expect(rules).toContain("from 10.99.0.2 fwmark 0x1 lookup 100");
    expect(rules).toContain("from all lookup 100");
  });

  it("converges an ipv6 rule with an explicit priority through the kernel's own check", async () => {
    const show = () => ipIn(ns().name, ["-6", "rule", "show"]);
    const rule = ["pref", "50", "from", "fd00:99::2", "table", "100"];
    await expectConverges(["-6", "rule", "add", ...rule], ["-6", "rule", "del", ...rule], show, "50:\tfrom fd00:99::2 lookup 100");
  });

  it("converges an ipv6 rule without a priority", async () => {
    const rule = ["from", "fd00:99::2", "table", "100"];
    expect((await runIp(ns().handle, ["-6", "rule", "add", ...rule])).outcome).toBe("applied");
    expect((await runIp(ns().handle, ["-6", "rule", "add", ...rule])).outcome).toBe("already");
    const rules = await ipIn(ns().name, ["-6", "rule", "show"]);
    expect(rules.split("\n").filter((line) => line.endsWith("from fd00:99::2 lookup 100"))).toHaveLength(1);
  });

  it("throws IpCommandError for a gateway outside every connected subnet", async () => {
    const args = ["route", "add", "10.9.0.0/24", "via", "10.100.0.1"];
    const error = await runIp(ns().handle, args).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IpCommandError);
    expect(error).toMatchObject({
      name: "IpCommandError",
      argv: [...NSENTER, "ip", ...args],
      exitCode: 2,
      stderr: "Error: Nexthop has invalid gateway.",
      message: "ip route add 10.9.0.0/24 via 10.100.0.1 failed (exit 2): Error: Nexthop has invalid gateway.",
    });
  });

  it("throws IpCommandError for a missing device", async () => {
    await expect(runIp(ns().handle, ["address", "add", "10.99.0.8/24", "dev", "nonexist"])).rejects.toMatchObject({
      exitCode: 1,
      stderr: 'Cannot find device "nonexist"',
    });
  });
});

describe("runIp on the host", () => {
  const prefix = randomHostTestPrefix();

  afterEach(async () => {
    await execa("ip", ["route", "del", "blackhole", prefix], { reject: false });
  });

  it("adds and removes a host route, converging both ways", async () => {
    const show = async () => (await execa("ip", ["route", "show", prefix])).stdout.trim();
    expect(await show()).toBe("");
    const added = await runIp("host", ["route", "add", "blackhole", prefix]);
    expect(added).toMatchObject({ argv: ["ip", "route", "add", "blackhole", prefix], outcome: "applied" });
    expect(await show()).toBe(`blackhole ${prefix}`);
    expect((await runIp("host", ["route", "add", "blackhole", prefix])).outcome).toBe("already");
    expect((await runIp("host", ["route", "del", "blackhole", prefix])).outcome).toBe("applied");
    expect(await show()).toBe("");
    expect((await runIp("host", ["route", "del", "blackhole", prefix])).outcome).toBe("already");
  });
});
