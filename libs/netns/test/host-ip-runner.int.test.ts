import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { HostIpRunner, IpCommandError, runIpBatch, type ProgramRequest } from "../src/index.js";
import { directRunner } from "../src/launch/direct-runner.js";
import { randomHostTestPrefix } from "./support/scratch-netns.js";

describe("host batches through a long-lived ip session", () => {
  const prefix = randomHostTestPrefix().replace(/\.0\/24$/, "");
  const route = (n: number): string => `${prefix}.${n}/32`;
  let runner: HostIpRunner | undefined;
  afterEach(async () => {
    runner?.close();
    runner = undefined;
    for (let n = 1; n <= 99; n += 1) await execa("ip", ["route", "del", "blackhole", route(n)], { reject: false });
  });

  const shown = async (): Promise<string[]> =>
    (await execa("ip", ["route", "show", "root", `${prefix}.0/24`])).stdout
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  const add = (n: number): string[] => ["route", "add", "blackhole", route(n)];

  it("applies one job's host parts after another through the same process", async () => {
    runner = new HostIpRunner(directRunner);
    const first = await runIpBatch("host", [add(1), add(2)], { runner });
    const second = await runIpBatch("host", [add(3)], { runner });
    expect(first).toMatchObject({ processes: 1, results: [{ argv: ["ip", ...add(1)], outcome: "applied" }, { outcome: "applied" }] });
    expect(second).toMatchObject({ processes: 0, results: [{ outcome: "applied" }] });
    expect(await shown()).toEqual([1, 2, 3].map((n) => `blackhole ${route(n).replace("/32", "")}`));
  });

  it("reports a failing line of a later job exactly as its own batch would, and goes on with the next job", async () => {
    runner = new HostIpRunner(directRunner);
    await runIpBatch("host", [add(1)], { runner });
    const failing = await runIpBatch("host", [add(2), ["route", "add", route(3), "via", "10.255.255.1", "dev", "lo"], add(4)], {
      runner,
    });
    expect(failing.results.map((result) => result.outcome)).toEqual(["applied"]);
    expect(failing.failure?.index).toBe(1);
    expect(failing.failure?.error).toBeInstanceOf(IpCommandError);
    expect(failing.failure?.error).toMatchObject({ argv: ["ip", "route", "add", route(3), "via", "10.255.255.1", "dev", "lo"], exitCode: 2 });
    const next = await runIpBatch("host", [add(1), add(5)], { runner });
    expect(next.results.map((result) => result.outcome)).toEqual(["already", "applied"]);
    expect(await shown()).toEqual([1, 2, 5].map((n) => `blackhole ${route(n).replace("/32", "")}`));
  });

  it("kills the session's ip when a request's signal aborts; the next request gets a new one", async () => {
    runner = new HostIpRunner(directRunner);
    await runIpBatch("host", [add(1)], { runner });
    const controller = new AbortController();
    // `monitor` never ends: the sentinel after it is never answered.
    const request: ProgramRequest = { argv: ["ip", "-batch", "-"], input: "monitor route\n", timeoutMs: 10_000 };
    const pending = runner.run(request, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 200));
    controller.abort();
    expect(await pending).toMatchObject({ canceled: true, timedOut: false, exitCode: undefined, reused: true });
    const next = await runIpBatch("host", [add(2)], { runner });
    expect(next).toMatchObject({ processes: 1, results: [{ outcome: "applied" }] });
  });

  it("keeps forty concurrent jobs apart: each gets its own outcome, in its own order", async () => {
    runner = new HostIpRunner(directRunner);
    const active = runner;
    // Every fifth job repeats the route of the job before it: "already", which restarts ip.
    const reports = await Promise.all(
      Array.from({ length: 40 }, (_, i) => runIpBatch("host", [add(i % 5 === 4 ? i : i + 1), add(i + 50)], { runner: active })),
    );
    for (const [i, report] of reports.entries()) {
      expect(report.failure).toBeUndefined();
      expect(report.results.map((result) => result.outcome)).toEqual([i % 5 === 4 ? "already" : "applied", "applied"]);
    }
    expect(await shown()).toHaveLength(40 - 8 + 40);
    // ip was started again only after the "already" lines (8), plus once at first.
    expect(reports.reduce((sum, report) => sum + report.processes, 0)).toBeLessThanOrEqual(1 + 8);
  });
});
