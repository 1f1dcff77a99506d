import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NetnsGoneError, NetnsHandle, NetnsHandleClosedError, runInNamespace, runIp } from "../src/index.js";
import { createScratchNetns, deleteScratchNetns, ipIn } from "./support/scratch-netns.js";
import type { ScratchNetns } from "./support/scratch-netns.js";

describe("NetnsHandle", () => {
  let scratch: ScratchNetns | undefined;
  const opened: NetnsHandle[] = [];
  const keep = (handle: NetnsHandle): NetnsHandle => {
    opened.push(handle);
    return handle;
  };

  beforeEach(async () => {
    scratch = await createScratchNetns();
  });

  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((handle) => handle.close()));
    if (scratch) await deleteScratchNetns(scratch.name);
    scratch = undefined;
  });

  const ns = (): ScratchNetns => {
    if (!scratch) throw new Error("expected beforeEach to have created a namespace");
    return scratch;
  };

  it("sees current() and forPid(own pid) as the same namespace", async () => {
    const current = keep(await NetnsHandle.current());
    const own = keep(await NetnsHandle.forPid(process.pid));
    expect(current.sameAs(own)).toBe(true);
    expect(own.path).toBe(`/proc/${process.pid}/ns/net`);
  });

  it("tells a separate namespace from the host's, and two opens of one namespace apart from neither", async () => {
    const current = keep(await NetnsHandle.current());
    const first = keep(await NetnsHandle.open(ns().path));
    const second = keep(await NetnsHandle.open(ns().path));
    expect(first.sameAs(current)).toBe(false);
    expect(first.sameAs(second)).toBe(true);
  });

  it("rejects a missing path with NetnsGoneError naming it", async () => {
    const path = `/run/netns/${ns().name}-missing`;
    const error = await NetnsHandle.open(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetnsGoneError);
    expect(error).toMatchObject({ name: "NetnsGoneError", path, message: `network namespace ${path} is gone: ENOENT` });
  });

  it("rejects the pid of no process with NetnsGoneError", async () => {
    const error = await NetnsHandle.forPid(2 ** 30).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "NetnsGoneError", path: `/proc/${2 ** 30}/ns/net` });
  });

  it("rejects a pid that is not a positive integer", async () => {
    await expect(NetnsHandle.forPid(0)).rejects.toThrow(RangeError);
    await expect(NetnsHandle.forPid(1.5)).rejects.toThrow(/expected a positive integer pid, got 1.5/);
  });

  it("treats a plain file left where a namespace was as gone", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dhns-"));
    try {
      const path = join(dir, "stale");
      await writeFile(path, "");
      await expect(NetnsHandle.open(path)).rejects.toMatchObject({ name: "NetnsGoneError", path });
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("keeps the namespace usable after ip netns delete removed its name", async () => {
    const handle = keep(await NetnsHandle.open(ns().path));
    await ipIn(ns().name, ["address", "add", "10.99.0.42/24", "dev", "va"]);
    await deleteScratchNetns(ns().name);

    const listed = await runInNamespace("host", ["ip", "netns", "list"]);
    expect(listed.stdout).not.toContain(ns().name);
    const added = await runIp(handle, ["route", "add", "10.9.0.0/24", "via", "10.99.0.1"]);
    expect(added.outcome).toBe("applied");
    const addresses = await runInNamespace(handle, ["ip", "-4", "-o", "address", "show", "dev", "va"]);
    expect(addresses.stdout).toContain("inet 10.99.0.42/24");
    const routes = await runInNamespace(handle, ["ip", "route", "show", "10.9.0.0/24"]);
    expect(routes.stdout.trim()).toBe("10.9.0.0/24 via 10.99.0.1 dev va");
  });

  it("closes idempotently and refuses to be used afterwards", async () => {
    const handle = await NetnsHandle.open(ns().path);
    const first = handle.close();
    const second = handle.close();
    expect(second).toBe(first);
    await first;
    expect(() => handle.fd).toThrow(NetnsHandleClosedError);
    await expect(runIp(handle, ["route", "show"])).rejects.toMatchObject({
      name: "NetnsHandleClosedError",
      path: ns().path,
    });
  });
});
