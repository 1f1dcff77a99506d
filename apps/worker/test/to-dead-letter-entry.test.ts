import { categoryOf, HostLockTimeoutError, isPermanent, type ContainerJobContext } from "@dehandler/contract";
import { LabelError, type PlannedCommand } from "@dehandler/labels";
import { describe, expect, it } from "vitest";
import { HostNamespaceError } from "../src/errors/host-namespace-error.js";
import { HostPolicyError } from "../src/errors/host-policy-error.js";
import { HostUndoError } from "../src/errors/host-undo-error.js";
import { InvalidLabelsError } from "../src/errors/invalid-labels-error.js";
import { PartFailedError } from "../src/errors/part-failed-error.js";
import { PidNamespaceError } from "../src/errors/pid-namespace-error.js";
import { ScriptError } from "../src/errors/script-error.js";
import { ScriptRefusedError } from "../src/errors/script-refused-error.js";
import { WorkerDiedError } from "../src/errors/worker-died-error.js";
import { toDeadLetterEntry } from "../src/to-dead-letter-entry.js";

const context: ContainerJobContext = {
  id: "job-1",
  data: { containerId: "0123456789ab", containerName: "web", engineId: "e", source: "event", seenAt: 1, eventTime: "1" },
  attemptsMade: 2,
  attempts: 3,
  takenAt: undefined,
  isFinalFailure: () => true,
  workerDeaths: 0,
  takers: () => Promise.resolve([]),
};

const route: PlannedCommand = {
  label: "docker-events.route",
  partIndex: 1,
  partText: "add 10.0.0.0/8 via 10.1.1.1",
  target: "host",
  action: "ip",
  argv: ["route", "add", "10.0.0.0/8", "via", "10.1.1.1"],
  hasReferences: false,
};
const cause = { cause: new Error("ip said no") };
const labelError = new LabelError({
  code: "unknown-verb",
  problem: 'unknown verb "ad"',
  expected: "add or del",
  label: "docker-events.address",
  partIndex: 0,
  partText: "ad 10.0.0.1/32 dev lo",
});

// Each failure: who can mend it, whether a retry can, and what it adds to the entry.
describe("dead-letter entries and the error taxonomy", () => {
  it.each([
    {
      error: new PartFailedError(route, ["ip", ...route.argv], 2, "Nexthop has invalid gateway", cause),
      category: "operational",
      permanent: false,
      details: {
        label: "docker-events.route",
        partIndex: 1,
        part: route.partText,
        argv: ["ip", ...route.argv],
        exitCode: 2,
        stderr: "Nexthop has invalid gateway",
      },
    },
    {
      error: new PartFailedError(route, ["ip", ...route.argv], undefined, "", cause),
      category: "operational",
      permanent: false,
      details: { label: "docker-events.route", partIndex: 1, part: route.partText, argv: ["ip", ...route.argv], stderr: "" },
    },
    {
      error: new InvalidLabelsError([labelError]),
      category: "user-mistake",
      permanent: true,
      details: { label: "docker-events.address", partIndex: 0, part: "ad 10.0.0.1/32 dev lo", problems: [labelError.message] },
    },
    {
      error: new HostPolicyError([{ command: route, rule: "DEHANDLER_HOST_ROUTE_TARGETS: 10.0.0.0/8 is not in 192.0.2.0/24" }]),
      category: "user-mistake",
      permanent: true,
      details: {
        label: "docker-events.route",
        partIndex: 1,
        part: route.partText,
        argv: ["ip", ...route.argv],
        problems: ["docker-events.route part 1: DEHANDLER_HOST_ROUTE_TARGETS: 10.0.0.0/8 is not in 192.0.2.0/24"],
      },
    },
    {
      error: new HostUndoError("docker-events.host-route", "add 10.0.0.0/8 via 10.1.1.1", ["ip", "route", "del", "10.0.0.0/8"], 2, "busy", cause),
      category: "operational",
      permanent: false,
      details: {
        label: "docker-events.host-route",
        part: "add 10.0.0.0/8 via 10.1.1.1",
        argv: ["ip", "route", "del", "10.0.0.0/8"],
        exitCode: 2,
        stderr: "busy",
      },
    },
    {
      error: new ScriptRefusedError("/etc/dehandler/start.web", "writable by others"),
      category: "user-mistake",
      permanent: true,
      details: { argv: ["/etc/dehandler/start.web"] },
    },
    {
      error: new ScriptError("/etc/dehandler/start.web", 3, false, "x".repeat(10_000) + "END"),
      category: "user-mistake",
      permanent: false,
      details: { argv: ["/etc/dehandler/start.web"], exitCode: 3, output: ("x".repeat(10_000) + "END").slice(-8192) },
    },
    { error: new HostNamespaceError("web"), category: "user-mistake", permanent: true, details: {} },
    { error: new PidNamespaceError(42), category: "user-mistake", permanent: true, details: {} },
    { error: new HostLockTimeoutError("lock", 5000), category: "operational", permanent: false, details: {} },
    {
      error: new WorkerDiedError(2, ["a", "b", "c"]),
      category: "operational",
      permanent: true,
      details: { problems: ["taken by a", "taken by b", "taken by c"] },
    },
    { error: new Error("something else"), category: "unexpected", permanent: false, details: {} },
  ])("$error.name: $category, permanent $permanent", ({ error, category, permanent, details }) => {
    expect(categoryOf(error)).toBe(category);
    expect(isPermanent(error)).toBe(permanent);
    const { failedAt, ...entry } = toDeadLetterEntry(error, context, "2026-12-04T00:00:00Z");
    expect(Date.parse(failedAt)).not.toBeNaN();
    expect(entry).toEqual({
      jobId: "job-1",
      container: { id: "0123456789ab", name: "web" },
      startedAt: "2026-12-04T00:00:00Z",
      attemptsMade: 3,
      permanent,
      reason: error.message,
      errorName: error.name,
      ...details,
    });
  });

  it("a thrown non-Error becomes an unexpected failure named Error", () => {
    const entry = toDeadLetterEntry("a string", context, undefined);
    expect(entry).toMatchObject({ permanent: false, reason: "a string", errorName: "Error" });
    expect(entry).not.toHaveProperty("startedAt");
  });
});
