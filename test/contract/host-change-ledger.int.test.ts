import { engineQueueNames, redisConnectionOptions, type HostChange } from "@dehandler/contract";
import { EngineQueues } from "../harness/engine-queues.js";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";

const t = useIntegration();
const A = "a".repeat(64);
const B = "b".repeat(64);

function change(part: string, verb = "add"): HostChange {
  const words = part.split(" ");
  return { label: "docker-events.host-route", part: `${verb} ${part}`, argv: ["route", verb, ...words], undoArgv: ["route", "del", ...words] };
}

function openQueues(): EngineQueues {
  const queues = new EngineQueues(engineQueueNames(t.unique("ledger")), redisConnectionOptions(t.redisUrl));
  t.cleanup.defer("ledger queues", async () => {
    await queues.obliterate();
    await queues.close();
  });
  return queues;
}

describe("host-change ledger (real Redis)", () => {
  it("knows each container's changes and who else holds them; `add` and `replace` of one route are one change", async () => {
    const { hostChanges: ledger } = openQueues();
    // Per change: whether nobody held it before.
    expect(await ledger.record(A, [change("198.18.1.0/24 via 10.0.0.1"), change("198.18.2.0/24 via 10.0.0.1")])).toEqual([true, true]);
    expect(await ledger.record(B, [change("198.18.1.0/24 via 10.0.0.1", "replace")])).toEqual([false]);
    expect((await ledger.owners()).sort()).toEqual([A, B]);

    const ofA = await ledger.recorded(A);
    expect(ofA.map(({ change: recorded, sharedWith }) => [recorded.part, sharedWith]).sort()).toEqual([
      ["add 198.18.1.0/24 via 10.0.0.1", [B]],
      ["add 198.18.2.0/24 via 10.0.0.1", []],
    ]);
    // Recording again (a retry, a restart) changes nothing.
    expect(await ledger.record(A, [change("198.18.1.0/24 via 10.0.0.1")])).toEqual([false]);
    expect(await ledger.recorded(A)).toHaveLength(2);

    // Released: no longer A's (it found the change on the host already, say).
    await ledger.release(A, [change("198.18.2.0/24 via 10.0.0.1")]);
    expect((await ledger.recorded(A)).map(({ change: recorded }) => recorded.part)).toEqual(["add 198.18.1.0/24 via 10.0.0.1"]);

    await ledger.forget(A);
    expect(await ledger.recorded(A)).toEqual([]);
    expect(await ledger.owners()).toEqual([B]);
    expect((await ledger.recorded(B)).map(({ sharedWith }) => sharedWith)).toEqual([[]]);

    await ledger.removeAll();
    expect(await ledger.owners()).toEqual([]);
    expect(await ledger.recorded(B)).toEqual([]);
  });

  it("lets one holder of the lock in at a time, and frees it when the holder fails", async () => {
    const { hostChanges: ledger } = openQueues();
    const inside: string[] = [];
    let overlapped = false;
    const hold = (name: string) =>
      ledger.withLock(async () => {
        if (inside.length > 0) overlapped = true;
        inside.push(name);
        await sleep(50);
        inside.pop();
        return name;
      });
    expect(await Promise.all([hold("one"), hold("two"), hold("three")])).toEqual(["one", "two", "three"]);
    expect(overlapped).toBe(false);

    await expect(ledger.withLock(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await ledger.withLock(() => Promise.resolve("free again"), 1000)).toBe("free again");
  });
});
