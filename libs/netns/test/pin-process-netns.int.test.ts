import { execa } from "execa";
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { NetnsGoneError, NetnsHandle, pinProcessNetns } from "../src/index.js";
import { useScratchNetnsHandle } from "./support/scratch-netns.js";

describe("pinProcessNetns", () => {
  const ns = useScratchNetnsHandle();
  const children: ReturnType<typeof execa>[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      child.kill("SIGKILL");
      await child.catch(() => undefined);
    }
  });

  async function sleeperInScratch(): Promise<number> {
    const child = execa("ip", ["netns", "exec", ns().name, "sleep", "30"]);
    children.push(child);
    const pid = child.pid ?? 0;
    // ip netns exec execs sleep in place: wait until the pid has entered the namespace.
    const scratch = await NetnsHandle.open(ns().path);
    try {
      for (let tries = 0; tries < 200; tries += 1) {
        const current = await NetnsHandle.forPid(pid);
        const entered = current.sameAs(scratch);
        await current.close();
        if (entered) return pid;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await scratch.close();
    }
    throw new Error("the sleeper never entered the scratch namespace");
  }

  it("pins the process's namespace and finds its cgroup by a part of the path", async () => {
    const pid = await sleeperInScratch();
    const cgroupPath = (await readFile(`/proc/${pid}/cgroup`, "utf8")).trim().split(":").at(-1) ?? "";
    const marker = cgroupPath.split("/").filter(Boolean).at(-1) ?? "/";
    const pinned = await pinProcessNetns(pid, marker);
    try {
      expect(pinned.handle.sameAs(ns().handle)).toBe(true);
      expect(pinned.inCgroup).toBe(true);
    } finally {
      await pinned.handle.close();
    }
    const elsewhere = await pinProcessNetns(pid, "0123456789abcdef-not-this-container");
    expect(elsewhere.inCgroup).toBe(false);
    await elsewhere.handle.close();
  });

  it("reports a process that is gone as NetnsGoneError", async () => {
    const pid = await sleeperInScratch();
    const child = children.pop();
    child?.kill("SIGKILL");
    await child?.catch(() => undefined);
    await expect(pinProcessNetns(pid, "x")).rejects.toBeInstanceOf(NetnsGoneError);
  });
});
