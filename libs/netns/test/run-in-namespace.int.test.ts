import { readlink, stat } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { CommandSpawnError, CommandTimeoutError, runInNamespace } from "../src/index.js";
import { useScratchNetnsHandle, pidsInNetns } from "./support/scratch-netns.js";

const NSENTER = ["nsenter", "--net=/proc/self/fd/3", "--"];

describe("runInNamespace", () => {
  const ns = useScratchNetnsHandle();

  it("runs the command inside the pinned namespace", async () => {
    const { path, handle } = ns();
    const result = await runInNamespace(handle, ["readlink", "/proc/self/ns/net"]);
    expect(result).toMatchObject({
      argv: [...NSENTER, "readlink", "/proc/self/ns/net"],
      exitCode: 0,
      stdout: `net:[${(await stat(path)).ino}]`,
      stderr: "",
    });
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it("runs a host command in the worker's own namespace, without nsenter", async () => {
    const result = await runInNamespace("host", ["readlink", "/proc/self/ns/net"]);
    expect(result.argv).toEqual(["readlink", "/proc/self/ns/net"]);
    expect(result.stdout).toBe(await readlink("/proc/self/ns/net"));
  });

  it("returns a non-zero exit instead of throwing", async () => {
    const result = await runInNamespace(ns().handle, ["ip", "route", "get", "not-an-address"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("not-an-address");
  });

  it("kills a command that outlives its timeout and throws CommandTimeoutError", async () => {
    const { path, handle } = ns();
    const started = performance.now();
    const running = runInNamespace(handle, ["sleep", "5"], { timeoutMs: 200 });
    const settled = running.catch((caught: unknown) => caught);
    await sleep(100);
    expect(await pidsInNetns(path)).toHaveLength(1);

    const error = await settled;
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(CommandTimeoutError);
    expect(error).toMatchObject({ name: "CommandTimeoutError", argv: [...NSENTER, "sleep", "5"], timeoutMs: 200 });
    expect(await pidsInNetns(path)).toEqual([]);
  });

  it("kills the command when the signal aborts and rejects with the signal's reason", async () => {
    const { path, handle } = ns();
    const controller = new AbortController();
    const settled = runInNamespace(handle, ["sleep", "5"], { signal: controller.signal }).catch((caught: unknown) => caught);
    await sleep(100);
    controller.abort();
    expect(await settled).toMatchObject({ name: "AbortError" });
    expect(await pidsInNetns(path)).toEqual([]);
  });

  it("does not start anything when the signal is already aborted", async () => {
    const reason = new Error("shutting down");
    await expect(runInNamespace(ns().handle, ["sleep", "5"], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it("names a missing binary on the host", async () => {
    const error = await runInNamespace("host", ["dehandler-no-such-binary", "x"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandSpawnError);
    expect(error).toMatchObject({
      binary: "dehandler-no-such-binary",
      argv: ["dehandler-no-such-binary", "x"],
      message: "cannot execute dehandler-no-such-binary: not found on PATH (ENOENT) (command: dehandler-no-such-binary x)",
    });
  });

  it("names a binary that nsenter could not execute inside the namespace", async () => {
    const error = await runInNamespace(ns().handle, ["dehandler-no-such-binary"]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandSpawnError);
    expect(error).toMatchObject({
      binary: "dehandler-no-such-binary",
      argv: [...NSENTER, "dehandler-no-such-binary"],
      message: expect.stringContaining("cannot execute dehandler-no-such-binary: No such file or directory") as unknown,
    });
  });
});
