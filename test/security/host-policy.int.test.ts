import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import type { StartedContainer } from "../harness/containers.js";
import { startRunContainer } from "../harness/test-containers.js";
import { deferHostRouteRemoval, ipInNetnsOf, ipOnHost } from "../harness/kernel.js";

const t = useIntegration();

function testPrefix(): string {
  return `198.19.${Math.floor(Math.random() * 256)}.0/24`;
}

async function start(name: string, labels: Record<string, string>): Promise<StartedContainer> {
  return startRunContainer(t, { name: t.unique(name), labels });
}

describe("host-changing policy", () => {
  it("denies host routes by default: the job is dead-lettered naming the rule, and nothing of it is applied", async () => {
    const prefix = testPrefix();
    deferHostRouteRemoval(t.cleanup, prefix);
    const stack = await t.startStack();
    const container = await start("denied", {
      "docker-events.address": "add 192.0.2.90/32 dev lo",
      "docker-events.host-route": `add ${prefix} dev lo`,
    });

    const entry = await stack.deadLetterEntry(container);
    expect(entry).toMatchObject({ errorName: "HostPolicyError", permanent: true, attemptsMade: 1, label: "docker-events.host-route", partIndex: 0 });
    expect(entry.reason).toContain("DEHANDLER_HOST_CHANGES=deny");
    expect(await ipOnHost(["route", "show", prefix])).toBe("");
    // Not even the container's own part ran: a refused plan is refused whole.
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).not.toContain("192.0.2.90");
  });

  it("opt-in lets only containers carrying the operator's label change the host", async () => {
    const allowed = testPrefix();
    const refused = testPrefix();
    deferHostRouteRemoval(t.cleanup, allowed);
    deferHostRouteRemoval(t.cleanup, refused);
    const stack = await t.startStack({ env: { DEHANDLER_HOST_CHANGES: "opt-in", DEHANDLER_HOST_CHANGES_LABEL: "dehandler.host-changes=yes" } });
    const [optedIn, other] = await Promise.all([
      start("opted-in", { "dehandler.host-changes": "yes", "docker-events.host-route": `add ${allowed} dev lo` }),
      start("not-opted-in", { "docker-events.host-route": `add ${refused} dev lo` }),
    ]);

    expect((await stack.finished(optedIn)).returnValue).toMatchObject({ outcome: "configured", applied: 1 });
    expect(await ipOnHost(["route", "show", allowed])).toContain("dev lo");
    expect((await stack.deadLetterEntry(other)).reason).toContain(
      "DEHANDLER_HOST_CHANGES=opt-in: the container has none of label dehandler.host-changes=yes",
    );
    expect(await ipOnHost(["route", "show", refused])).toBe("");
  });

  it("DEHANDLER_HOST_ROUTE_CIDRS bounds destination and gateway of every host route", async () => {
    const inside = "198.19.250.0/24";
    deferHostRouteRemoval(t.cleanup, inside);
    deferHostRouteRemoval(t.cleanup, "198.18.77.0/24");
    const stack = await t.startStack({ env: { DEHANDLER_HOST_CHANGES: "allow", DEHANDLER_HOST_ROUTE_CIDRS: "198.19.0.0/16" } });
    const [ok, outside] = await Promise.all([
      start("inside", { "docker-events.host-route": `add ${inside} dev lo` }),
      start("outside", { "docker-events.host-route": `add ${inside} dev lo;add 198.18.77.0/24 dev lo` }),
    ]);

    expect((await stack.finished(ok)).returnValue).toMatchObject({ outcome: "configured" });
    const entry = await stack.deadLetterEntry(outside);
    expect(entry).toMatchObject({ errorName: "HostPolicyError", partIndex: 1, part: "add 198.18.77.0/24 dev lo" });
    expect(entry.reason).toContain("DEHANDLER_HOST_ROUTE_CIDRS: destination 198.18.77.0/24 outside 198.19.0.0/16");
    expect(await ipOnHost(["route", "show", "198.18.77.0/24"])).toBe("");
  });
});
