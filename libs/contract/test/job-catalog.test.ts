import { describe, expect, it } from "vitest";
import { ContainerJobSchema, engineQueueNames, jobIdOf, legacyEngineQueueNames, queueRefFromMetaKey } from "../src/index.js";

const ID = "3f4e8a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab";

describe("the id of a start seen by the sweep or queued by hand", () => {
  const containerStartJobId = (containerId: string, startedAt: string): string =>
    jobIdOf({ containerId, containerName: "web", startedAt, engineId: "e", source: "sweep", seenAt: 0 });

  it("is the same for the same start and differs for a restart", () => {
    const first = containerStartJobId(ID, "2026-11-29T02:50:00.123456789Z");
    expect(containerStartJobId(ID, "2026-11-29T02:50:00.123456789Z")).toBe(first);
    expect(containerStartJobId(ID, "2026-11-29T02:51:07.000000001Z")).not.toBe(first);
  });

  it("never contains ':' and is never all digits (BullMQ refuses both)", () => {
    const id = containerStartJobId("0123456789ab", "2026-11-29T02:50:00Z");
    expect(id).not.toContain(":");
    expect(id).not.toMatch(/^\d+$/);
    expect(id).toBe("start-0123456789ab-20261129T025000Z");
  });
});

describe("jobIdOf", () => {
  const base = {
    containerId: "0123456789ab",
    containerName: "web",
    eventTime: "1764384600123456789",
    engineId: "e",
    source: "event" as const,
    seenAt: 0,
  };

  it.each([
    [{ ...base }, "start-0123456789ab-e1764384600123456789"],
    [{ ...base, kind: "stop" as const, ending: "die" as const }, "stop-0123456789ab-e1764384600123456789"],
    [{ ...base, kind: "connect" as const, network: "proj_wan" }, "connect-0123456789ab-e1764384600123456789-proj_wan"],
    // Two networks whose names differ only in punctuation connected at the same instant stay two jobs.
    [{ ...base, kind: "connect" as const, network: "a.b" }, "connect-0123456789ab-e1764384600123456789-a.b"],
    [{ ...base, kind: "connect" as const, network: "ab" }, "connect-0123456789ab-e1764384600123456789-ab"],
  ])("names %j %s", (job, id) => {
    expect(jobIdOf(job)).toBe(id);
  });
});

describe("ContainerJobSchema", () => {
  const base = { containerId: "0123456789ab", containerName: "web", eventTime: "1", engineId: "e", source: "event", seenAt: 0 };

  it.each([
    [{ ...base, kind: "connect" }, "expected the network of a connect job"],
    [{ ...base, kind: "stop" }, "expected the ending (die, destroy, reconcile) of a stop job"],
  ])("refuses %j", (job, message) => {
    const parsed = ContainerJobSchema.safeParse(job);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
  });

  it("reads a job queued before there were kinds as a start", () => {
    expect(ContainerJobSchema.parse(base).kind).toBeUndefined();
  });
});

describe("engineQueueNames", () => {
  it.each([
    ["ABCD:EFGH:IJKL:MNOP", "abcd-efgh-ijkl-mnop"],
    ["0b7e3c6e-1f1a-4d43-9b5e-7c1b0e8f9a10", "0b7e3c6e-1f1a-4d43-9b5e-7c1b0e8f9a10"],
    ["host.example:1", "host-example-1"],
  ])("scopes queues of engine %s as %s, without ':'", (engineId, scope) => {
    const names = engineQueueNames(engineId);
    expect(names.engineId).toBe(scope);
    expect(names.jobs).toBe(`dehandler.{${scope}}.container-jobs`);
    expect(names.formerJobs).toBe(`dehandler.{${scope}}.container-start`);
    expect(names.deadLetter).toBe(`dehandler.{${scope}}.dead-letter`);
    expect(names.jobs).not.toContain(":");
  });

  // Redis Cluster hashes only what is between the first "{" and the next "}": every key of an
  // engine (BullMQ's, under "bull:<queue>:…", the claims and the ledger) must name the same tag.
  it("gives every key of an engine the engine's scope as its one hash tag", () => {
    const names = engineQueueNames("ABCD:EFGH");
    const keys = [`bull:${names.jobs}:wait`, `bull:${names.deadLetter}:meta`, `${names.startClaims}:c:1`, `${names.hostChanges}:lock`];
    expect(keys.map((key) => /\{([^}]*)\}/.exec(key)?.[1])).toEqual(["abcd-efgh", "abcd-efgh", "abcd-efgh", "abcd-efgh"]);
    expect(legacyEngineQueueNames("ABCD:EFGH").jobs).toBe("dehandler.abcd-efgh.container-start");
  });

  it.each<[string, ReturnType<typeof queueRefFromMetaKey>]>([
    ["bull:dehandler.{e1}.container-jobs:meta", { name: "dehandler.{e1}.container-jobs", engineId: "e1", kind: "container-jobs" }],
    // The jobs queue under its former name: an engine whose watcher and worker predate the rename.
    ["bull:dehandler.{e1}.container-start:meta", { name: "dehandler.{e1}.container-start", engineId: "e1", kind: "container-jobs", former: true }],
    ["bull:dehandler.{e1}.dead-letter:meta", { name: "dehandler.{e1}.dead-letter", engineId: "e1", kind: "dead-letter" }],
    ["bull:dehandler.e1.container-start:meta", undefined],
    ["bull:dehandler.{E1}.container-start:meta", undefined],
    ["bull:dehandler.{e1}.other:meta", undefined],
    ["bull:dehandler.{e1}.container-start:wait", undefined],
    ["bull:dehandler.{e1}.container-jobs:wait", undefined],
  ])("reads the queue of meta key %s", (key, ref) => {
    expect(queueRefFromMetaKey(key)).toEqual(ref);
  });

  it("refuses an id with nothing usable", () => {
    expect(() => engineQueueNames(":::")).toThrow(/no usable characters/);
  });
});
