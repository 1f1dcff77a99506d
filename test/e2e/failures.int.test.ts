import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startContainer } from "../harness/containers.js";
import { createRunContainer, startRunContainer } from "../harness/test-containers.js";
import { bridgeNetwork } from "../harness/test-networks.js";
import { deferHostRouteRemoval, ipInNetnsOf, ipOnHost } from "../harness/kernel.js";
import { testSubnet } from "../harness/subnets.js";

const t = useIntegration();

describe("failures", () => {
  it("dead-letters a label with shell syntax at once, and still configures the container started beside it", async () => {
    const stack = await t.startStack({ env: { DEHANDLER_JOB_ATTEMPTS: "5" } });
    const [bad, good] = await Promise.all([
      createRunContainer(t, {
        name: t.unique("bad"),
        labels: { "docker-events.route": "add 10.1.0.0/16 dev lo;add default via $(reboot)" },
      }),
      createRunContainer(t, {
        name: t.unique("good"),
        labels: { "docker-events.address": "add 192.0.2.77/32 dev lo" },
      }),
    ]);
    const [badStarted, goodStarted] = await Promise.all([startContainer(bad), startContainer(good)]);

    const entry = await stack.deadLetterEntry(badStarted);
    expect(entry).toMatchObject({ permanent: true, attemptsMade: 1, label: "docker-events.route", partIndex: 1, part: "add default via $(reboot)" });
    expect(entry.reason).toContain('shell syntax "$("');
    const job = await stack.finished(badStarted);
    expect(job).toMatchObject({ state: "failed", attemptsMade: 1 });
    // Nothing of the bad container's labels ran, not even its valid first part.
    expect(await ipInNetnsOf(badStarted.pid, ["route", "show"])).not.toContain("10.1.0.0/16");

    expect((await stack.finished(goodStarted)).returnValue).toMatchObject({ outcome: "configured" });
    expect(await ipInNetnsOf(goodStarted.pid, ["address", "show", "dev", "lo"])).toContain("192.0.2.77/32");
  });

  it("refuses a variable that is not in DEHANDLER_LABEL_VARS, naming it, even when it is set", async () => {
    const stack = await t.startStack({ env: { DEHANDLER_LABEL_VARS: "VPN_IP", VPN_IP: "198.19.1.0", SECRET_TOKEN: "hunter2" } });
    const container = await startRunContainer(t, {
      name: t.unique("leak"),
      labels: { "docker-events.route": "add $SECRET_TOKEN/32 dev lo" },
    });
    const entry = await stack.deadLetterEntry(container);
    expect(entry.permanent).toBe(true);
    expect(entry.reason).toContain("SECRET_TOKEN");
    expect(entry.reason).toContain("DEHANDLER_LABEL_VARS");
    expect(JSON.stringify(entry)).not.toContain("hunter2");
    expect(JSON.stringify(stack.logs.lines)).not.toContain("hunter2");
  });

  it("retries a part the kernel refuses with backoff, then dead-letters it with argv, exit code and stderr", async () => {
    const lan = testSubnet();
    const network = await bridgeNetwork(t, t.unique("unreach"), lan);
    const stack = await t.startStack({ env: { DEHANDLER_JOB_ATTEMPTS: "3", DEHANDLER_JOB_BACKOFF_MS: "200" } });
    const container = await startRunContainer(t, {
      name: t.unique("unreachable"),
      networks: [{ name: network }],
      labels: { "docker-events.route": "add 10.9.0.0/24 via 10.99.0.1" },
    });

    const entry = await stack.deadLetterEntry(container);
    expect(entry).toMatchObject({
      permanent: false,
      attemptsMade: 3,
      label: "docker-events.route",
      partIndex: 0,
      part: "add 10.9.0.0/24 via 10.99.0.1",
      exitCode: 2,
    });
    expect(entry.argv?.slice(-6)).toEqual(["ip", "route", "add", "10.9.0.0/24", "via", "10.99.0.1"]);
    expect(entry.stderr).toMatch(/Nexthop has invalid gateway|Network is unreachable/);
    expect(await stack.finished(container)).toMatchObject({ state: "failed", attemptsMade: 3 });
    // Three tries, each logged as failed; the first two say a retry follows.
    expect(stack.logs.withMessage("configuration failed; will retry")).toHaveLength(2);
  });

  it("refuses container labels on a host-networked container, but applies its host routes", async () => {
    const prefix = `198.19.${Math.floor(Math.random() * 256)}.0/24`;
    deferHostRouteRemoval(t.cleanup, prefix);
    const stack = await t.startStack({ env: { DEHANDLER_HOST_CHANGES: "allow" } });
    const [hostRoutesOnly, containerRoute] = await Promise.all([
      createRunContainer(t, {
        name: t.unique("hostnet-ok"),
        networks: [{ name: "host" }],
        labels: { "docker-events.host-route": `add ${prefix} dev lo` },
      }),
      createRunContainer(t, {
        name: t.unique("hostnet-refused"),
        networks: [{ name: "host" }],
        labels: { "docker-events.route": "add 198.18.250.0/24 dev lo" },
      }),
    ]);
    const [ok, refused] = await Promise.all([startContainer(hostRoutesOnly), startContainer(containerRoute)]);

    expect(await stack.finished(ok)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1 } });
    expect(await ipOnHost(["route", "show", prefix])).toContain("dev lo");
    const entry = await stack.deadLetterEntry(refused);
    expect(entry).toMatchObject({ errorName: "HostNamespaceError", permanent: true, attemptsMade: 1 });
    expect(await ipOnHost(["route", "show", "198.18.250.0/24"])).toBe("");
  });
});
