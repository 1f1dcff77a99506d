import { planFromLabels, type PlannedCommand } from "@dehandler/labels";
import { CommandSpawnError, NetnsHandle, type IpExecutorName, type ProgramOutcome, type ProgramRequest } from "@dehandler/netns";
import { createLogger, Registry } from "@dehandler/service";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyCommands, type ApplyTargets } from "../src/apply-commands.js";
import { PartFailedError } from "../src/errors/part-failed-error.js";
import { WorkerMetrics } from "../src/worker-metrics.js";
import { FakeRunner, ipArgs, type ProgramAnswer } from "./support/fake-runner.js";

const NSENTER = ["nsenter", "--net=/proc/self/fd/3", "--"];
const logger = createLogger("test", "silent");

function plan(labels: Record<string, string>): PlannedCommand[] {
  const result = planFromLabels(labels, { allowed: [], values: {} });
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.plan.commands;
}

// Two container parts, then a host part: the order the plan gives them.
const LABELS = {
  "docker-events.address": "add 10.0.0.5/24 dev eth0",
  "docker-events.route": "add default via 10.0.0.1",
  "docker-events.host-route": "add 10.8.0.0/16 via 172.20.20.1",
};
const ADDRESS = ["address", "add", "10.0.0.5/24", "dev", "eth0"];
const ROUTE = ["route", "add", "default", "via", "10.0.0.1"];
const HOST_ROUTE = ["route", "add", "10.8.0.0/16", "via", "172.20.20.1"];

/** Answers the program running `ip ...args` (alone, or as a line of its batch) with `outcome`. */
function whenIp(args: readonly string[], outcome: Partial<ProgramOutcome>): ProgramAnswer {
  const text = args.join(" ");
  return (request: ProgramRequest) => (ipArgs(request) === text || request.input?.split("\n").includes(text) === true ? outcome : {});
}

describe("applyCommands", () => {
  let netns: NetnsHandle;
  beforeAll(async () => {
    // Any namespace handle will do: nothing is started.
    netns = await NetnsHandle.current();
  });
  afterAll(async () => {
    await netns.close();
  });

  function targets(runner: FakeRunner, more: Partial<ApplyTargets> = {}): ApplyTargets & { registry: Registry } {
    const registry = new Registry();
    return { container: netns, executor: "per-part", runner, timeoutMs: 500, metrics: new WorkerMetrics(registry), registry, ...more };
  }

  async function processesCounted(registry: Registry): Promise<Record<string, number>> {
    const metric = await registry.getSingleMetric("dehandler_worker_ip_processes_total")?.get();
    return Object.fromEntries((metric?.values ?? []).map((value) => [String(value.labels.target), value.value]));
  }

  it.each<[IpExecutorName, { argv: string[]; input: string | undefined; inContainer: boolean }[]]>([
    [
      "per-part",
      [
        { argv: [...NSENTER, "ip", ...ADDRESS], input: undefined, inContainer: true },
        { argv: [...NSENTER, "ip", ...ROUTE], input: undefined, inContainer: true },
        { argv: ["ip", ...HOST_ROUTE], input: undefined, inContainer: false },
      ],
    ],
    [
      "batch",
      [
        { argv: [...NSENTER, "ip", "-batch", "-"], input: `${ADDRESS.join(" ")}\n${ROUTE.join(" ")}\n`, inContainer: true },
        { argv: ["ip", "-batch", "-"], input: `${HOST_ROUTE.join(" ")}\n`, inContainer: false },
      ],
    ],
  ])("%s: container parts run in the pinned namespace, host parts on the host, in the plan's order", async (executor, expected) => {
    const runner = new FakeRunner();
    const t = targets(runner, { executor });
    expect(await applyCommands(plan(LABELS), t, logger)).toEqual({ applied: 3, already: 0 });
    expect(runner.programs.map(({ argv, input, netnsFd }) => ({ argv, input, inContainer: netnsFd === netns.fd }))).toEqual(expected);
    const containerProcesses = expected.filter((program) => program.inContainer).length;
    expect(await processesCounted(t.registry)).toEqual({ container: containerProcesses, host: expected.length - containerProcesses });
  });

  it.each<IpExecutorName>(["per-part", "batch"])("%s: a part already in effect counts as already, and is told as such", async (executor) => {
    const runner = new FakeRunner(whenIp(ROUTE, { exitCode: 2, stderr: "RTNETLINK answers: File exists\nCommand failed -:2" }));
    const told: [string, number, string][] = [];
    const t = targets(runner, { executor, onOutcome: (command, outcome) => told.push([command.label, command.partIndex, outcome]) });
    expect(await applyCommands(plan(LABELS), t, logger)).toEqual({ applied: 2, already: 1 });
    expect(told).toEqual([
      ["docker-events.address", 0, "applied"],
      ["docker-events.route", 0, "already"],
      ["docker-events.host-route", 0, "applied"],
    ]);
  });

  it.each<[string, IpExecutorName, ProgramAnswer, Record<string, unknown>, string[][]]>([
    [
      "a part the kernel refuses",
      "per-part",
      whenIp(ROUTE, { exitCode: 2, stderr: "Error: Nexthop has invalid gateway." }),
      { exitCode: 2, stderr: "Error: Nexthop has invalid gateway." },
      [
        [...NSENTER, "ip", ...ADDRESS],
        [...NSENTER, "ip", ...ROUTE],
      ],
    ],
    [
      "a part without an answer in time",
      "per-part",
      whenIp(ROUTE, { exitCode: undefined, signal: "SIGKILL", timedOut: true }),
      { exitCode: undefined, stderr: "no answer within 500 ms" },
      [
        [...NSENTER, "ip", ...ADDRESS],
        [...NSENTER, "ip", ...ROUTE],
      ],
    ],
    [
      "a batch line the kernel refuses, run again alone for its own report",
      "batch",
      whenIp(ROUTE, { exitCode: 2, stderr: "Error: Nexthop has invalid gateway.\nCommand failed -:2" }),
      { exitCode: 2, stderr: "Error: Nexthop has invalid gateway.\nCommand failed -:2" },
      [
        [...NSENTER, "ip", "-batch", "-"],
        [...NSENTER, "ip", ...ROUTE],
      ],
    ],
  ])("%s (%s) fails the job naming the part; nothing after it runs", async (_, executor, answer, fields, ran) => {
    const runner = new FakeRunner(answer);
    const error = await applyCommands(plan(LABELS), targets(runner, { executor }), logger).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PartFailedError);
    expect(error).toMatchObject({
      label: "docker-events.route",
      partIndex: 0,
      partText: "add default via 10.0.0.1",
      argv: [...NSENTER, "ip", ...ROUTE],
      ...fields,
    });
    expect(runner.argvs).toEqual(ran);
  });

  it("writes sysctls with tee inside the namespace, the value on stdin, before the ip parts", async () => {
    const runner = new FakeRunner();
    const labels = { "docker-events.sysctl": "net.ipv4.ip_forward=1", "docker-events.route": "add default via 10.0.0.1" };
    expect(await applyCommands(plan(labels), targets(runner), logger)).toEqual({ applied: 2, already: 0 });
    expect(runner.programs.map(({ argv, input }) => ({ argv, input }))).toEqual([
      { argv: [...NSENTER, "tee", "/proc/sys/net/ipv4/ip_forward"], input: "1\n" },
      { argv: [...NSENTER, "ip", ...ROUTE], input: undefined },
    ]);
  });

  it("fails on a sysctl the kernel refuses, with tee's exit code and stderr, and runs nothing after it", async () => {
    const stderr = "tee: /proc/sys/net/ipv4/ip_forward: Read-only file system";
    const runner = new FakeRunner((request) => (request.argv.includes("tee") ? { exitCode: 1, stderr } : {}));
    const labels = { "docker-events.sysctl": "net.ipv4.ip_forward=1", "docker-events.route": "add default via 10.0.0.1" };
    const error = await applyCommands(plan(labels), targets(runner), logger).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PartFailedError);
    expect(error).toMatchObject({ label: "docker-events.sysctl", argv: [...NSENTER, "tee", "/proc/sys/net/ipv4/ip_forward"], exitCode: 1, stderr });
    expect(runner.programs).toHaveLength(1);
  });

  it("refuses container parts without a namespace, before running anything", async () => {
    const runner = new FakeRunner();
    await expect(applyCommands(plan(LABELS), targets(runner, { container: undefined }), logger)).rejects.toThrow(
      "no namespace for docker-events.address",
    );
    expect(runner.programs).toEqual([]);
  });

  it("runs host parts without a namespace", async () => {
    const runner = new FakeRunner();
    const hostOnly = plan({ "docker-events.host-route": "add 10.8.0.0/16 via 172.20.20.1" });
    expect(await applyCommands(hostOnly, targets(runner, { container: undefined }), logger)).toEqual({ applied: 1, already: 0 });
    expect(runner.argvs).toEqual([["ip", ...HOST_ROUTE]]);
  });

  it("lets a program that cannot be started at all fail as such, not as a part", async () => {
    const runner = new FakeRunner(() => ({ exitCode: undefined, spawnError: { code: "ENOENT", message: "spawn nsenter ENOENT" } }));
    const error = await applyCommands(plan(LABELS), targets(runner), logger).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandSpawnError);
    expect(error).toMatchObject({ binary: "nsenter", argv: [...NSENTER, "ip", ...ADDRESS] });
  });
});
