import type { ContainerJob, HostChange, HostChangeLedger } from "@dehandler/contract";
import type { IpExecutorName } from "@dehandler/netns";
import { createLogger } from "@dehandler/service";
import type Docker from "dockerode";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { endContainer, type EndDeps } from "../src/end-container.js";
import { HostUndoError } from "../src/errors/host-undo-error.js";
import { LocalStartRecords } from "../src/local-start-records.js";
import { FakeRunner, ipArgs, type ProgramAnswer } from "./support/fake-runner.js";

const logger = createLogger("test", "silent");
const CONTAINER_ID = "0123456789ab";

const change = (n: number): HostChange => ({
  label: "docker-events.host-route",
  part: `add 10.8.${n}.0/24 via 172.20.20.1`,
  argv: ["route", "add", `10.8.${n}.0/24`, "via", "172.20.20.1"],
  undoArgv: ["-4", "route", "del", `10.8.${n}.0/24`, "via", "172.20.20.1"],
});

/** The ledger's side of an end: what is recorded for the container, and whether it was forgotten. */
class FakeLedger {
  forgotten = false;
  constructor(private readonly changes: { change: HostChange; sharedWith: string[] }[]) {}
  withLock<T>(use: () => Promise<T>): Promise<T> {
    return use();
  }
  recorded(): Promise<{ change: HostChange; sharedWith: string[] }[]> {
    return Promise.resolve(this.forgotten ? [] : this.changes);
  }
  forget(): Promise<void> {
    this.forgotten = true;
    return Promise.resolve();
  }
}

// The engine no longer knows the container: nothing runs it again.
const goneEngine = { getContainer: () => ({ inspect: () => Promise.reject(Object.assign(new Error("no such container"), { statusCode: 404 })) }) };

const job: ContainerJob = {
  kind: "stop",
  containerId: CONTAINER_ID,
  containerName: "web",
  eventTime: "1",
  ending: "destroy",
  engineId: "engine",
  source: "event",
  seenAt: 0,
};

/** Answers the program undoing `undoArgv` (alone, or as a line of its batch). */
function whenUndoing(undoArgv: readonly string[], answer: { exitCode: number; stderr: string }, batchLine: number): ProgramAnswer {
  const text = undoArgv.join(" ");
  const line = undoArgv.slice(1).join(" ");
  return (request) => {
    if (ipArgs(request) === text) return answer;
    if (request.input?.split("\n").includes(line) === true) return { ...answer, stderr: `${answer.stderr}\nCommand failed -:${batchLine}` };
    return {};
  };
}

describe("endContainer undoing host changes", () => {
  let stateDir: string;
  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), "dehandler-state-"));
  });
  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  async function deps(runner: FakeRunner, ledger: FakeLedger, ipExecutor: IpExecutorName): Promise<EndDeps> {
    return {
      docker: goneEngine as unknown as Docker,
      hostChanges: ledger as unknown as HostChangeLedger,
      localStarts: await LocalStartRecords.open(stateDir),
      runner,
      ipExecutor,
      commandTimeoutMs: 500,
      scriptsDir: undefined,
      scriptTimeoutMs: 500,
      scriptEnv: {},
    };
  }

  it.each<[IpExecutorName, string[][]]>([
    [
      "per-part",
      [
        ["ip", ...change(1).undoArgv],
        ["ip", ...change(3).undoArgv],
      ],
    ],
    ["batch", [["ip", "-4", "-batch", "-"]]],
  ])("%s: undoes, in order, the changes no other container holds, and forgets the record", async (executor, ran) => {
    const runner = new FakeRunner();
    const ledger = new FakeLedger([
      { change: change(1), sharedWith: [] },
      { change: change(2), sharedWith: ["fedcba987654"] },
      { change: change(3), sharedWith: [] },
    ]);
    expect(await endContainer(await deps(runner, ledger, executor), job, logger)).toEqual({ outcome: "ended", undone: 2, kept: 1, script: "none" });
    expect(runner.argvs).toEqual(ran);
    expect(ledger.forgotten).toBe(true);
  });

  it.each<[IpExecutorName, number]>([
    ["per-part", 2],
    ["batch", 2],
  ])("%s: a route whose device is gone went with it: undone, and the rest still runs", async (executor, programs) => {
    const runner = new FakeRunner(whenUndoing(change(1).undoArgv, { exitCode: 1, stderr: 'Cannot find device "br-gone"' }, 1));
    const ledger = new FakeLedger([
      { change: change(1), sharedWith: [] },
      { change: change(2), sharedWith: [] },
    ]);
    expect(await endContainer(await deps(runner, ledger, executor), job, logger)).toMatchObject({ outcome: "ended", undone: 2 });
    expect(runner.programs).toHaveLength(programs);
    expect(ledger.forgotten).toBe(true);
  });

  it.each<IpExecutorName>(["per-part", "batch"])(
    "%s: a refused undo fails naming the change, and keeps the record for the retry",
    async (executor) => {
      const stderr = "RTNETLINK answers: Operation not permitted";
      const runner = new FakeRunner(whenUndoing(change(2).undoArgv, { exitCode: 2, stderr }, 2));
      const ledger = new FakeLedger([
        { change: change(1), sharedWith: [] },
        { change: change(2), sharedWith: [] },
        { change: change(3), sharedWith: [] },
      ]);
      const error = await endContainer(await deps(runner, ledger, executor), job, logger).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HostUndoError);
      expect(error).toMatchObject({ label: "docker-events.host-route", partText: change(2).part, argv: ["ip", ...change(2).undoArgv], exitCode: 2 });
      expect((error as HostUndoError).stderr).toContain(stderr);
      // Nothing after the refused one ran.
      expect(runner.argvs.some((argv) => argv.join(" ").includes("10.8.3.0"))).toBe(false);
      expect(runner.programs.some((request) => request.input?.includes("10.8.3.0") === true && !request.input.includes("10.8.2.0"))).toBe(false);
      expect(ledger.forgotten).toBe(false);
    },
  );
});
