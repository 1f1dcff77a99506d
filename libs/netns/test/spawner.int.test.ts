import { execa } from "execa";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { IpCommandError, runInNamespace, runIpBatch, runIpSequence, Spawner } from "../src/index.js";
import { ipIn, pidsInNetns, useScratchNetnsHandle } from "./support/scratch-netns.js";

// The built helper: `npm test` builds before it tests.
const ENTRY = fileURLToPath(new URL("../dist/launch/spawner-main.js", import.meta.url));
const NSENTER = ["nsenter", "--net=/proc/self/fd/3", "--"];

describe("the spawner", () => {
  const ns = useScratchNetnsHandle();
  let spawner: Spawner | undefined;
  afterEach(async () => {
    await spawner?.close();
    spawner = undefined;
  });

  it("runs a batch in the caller's pinned namespace, with the same argv and outcome as a direct run", async () => {
    spawner = new Spawner(ENTRY);
    const report = await runIpBatch(
      ns().handle,
      [
        ["address", "add", "10.99.0.7/32", "dev", "va"],
        ["route", "add", "10.9.0.0/24", "via", "10.100.0.1"],
      ],
      { runner: spawner },
    );
    expect(report.results.map((result) => result.outcome)).toEqual(["applied"]);
    expect(report.failure?.error).toBeInstanceOf(IpCommandError);
    expect(report.failure?.error).toMatchObject({
      argv: [...NSENTER, "ip", "route", "add", "10.9.0.0/24", "via", "10.100.0.1"],
      exitCode: 2,
      stderr: "Error: Nexthop has invalid gateway.",
    });
    expect(await ipIn(ns().name, ["-o", "address", "show", "dev", "va"])).toContain("10.99.0.7/32");
    expect(spawner.pid).toBeGreaterThan(0);
  });

  it("answers many requests at once, each in its own order", async () => {
    spawner = new Spawner(ENTRY);
    const reports = await Promise.all(
      Array.from({ length: 20 }, (_, i) => runIpSequence(ns().handle, [["address", "add", `10.99.1.${i + 1}/32`, "dev", "va"]], { runner: spawner })),
    );
    expect(reports.every((report) => report.failure === undefined && report.results[0]?.outcome === "applied")).toBe(true);
    expect((await ipIn(ns().name, ["-o", "address", "show", "dev", "va"])).match(/10\.99\.1\.\d+\/32/g)).toHaveLength(20);
  });

  it("fails what was in flight when the helper dies, and starts a new one for the next request", async () => {
    spawner = new Spawner(ENTRY);
    await runIpSequence("host", [["route", "show", "table", "local"]], { runner: spawner });
    const first = spawner.pid;
    const inFlight = spawner.run({ argv: ["sleep", "5"], timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.kill(first ?? 0, "SIGKILL");
    await expect(inFlight).rejects.toThrow(/spawner exited/);
    const again = await runIpSequence(ns().handle, [["address", "add", "10.99.2.1/32", "dev", "va"]], { runner: spawner });
    expect(again.results[0]?.outcome).toBe("applied");
    expect(spawner.pid).not.toBe(first);
  });

  it("kills a program whose signal aborts, through the helper, and rejects with the signal's reason", async () => {
    spawner = new Spawner(ENTRY);
    const { path, handle } = ns();
    const controller = new AbortController();
    const settled = runInNamespace(handle, ["sleep", "5"], { runner: spawner, signal: controller.signal }).catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const running = await pidsInNetns(path);
    expect(running).toHaveLength(1);
    // Started by the helper, not by this process.
    expect(parentOf(running[0] ?? 0)).toBe(spawner.pid);
    const reason = new Error("shutting down");
    controller.abort(reason);
    expect(await settled).toBe(reason);
    expect(await pidsInNetns(path)).toEqual([]);
  });

  it("exits when the process that started it is killed", async () => {
    const owner = execa(process.execPath, [
      "--input-type=module",
      "-e",
      `
      const { Spawner } = await import(${JSON.stringify(fileURLToPath(new URL("../dist/index.js", import.meta.url)))});
      const spawner = new Spawner();
      spawner.start();
      await new Promise((resolve) => setTimeout(resolve, 500));
      console.log(spawner.pid);
      setInterval(() => {}, 1000);
    `,
    ]);
    const firstLine = await new Promise<string>((resolve) => owner.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString())));
    const helper = Number(firstLine.trim());
    expect(helper).toBeGreaterThan(0);
    expect(existsSync(`/proc/${helper}`)).toBe(true);
    owner.kill("SIGKILL");
    await owner.catch(() => undefined);
    for (let tries = 0; tries < 50 && existsSync(`/proc/${helper}/cmdline`) && !isZombieOrGone(helper); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(isZombieOrGone(helper)).toBe(true);
  });
});

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

function isZombieOrGone(pid: number): boolean {
  try {
    // A process that exited but whose parent (now init) has not reaped it yet counts as gone.
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return true;
  }
}
