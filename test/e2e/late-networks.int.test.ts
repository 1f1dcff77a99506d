import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import type { StartedContainer } from "../harness/containers.js";
import { interfaceCarrying, ipInNetnsOf } from "../harness/kernel.js";
import { testSubnet, testSubnet6, type TestSubnet } from "../harness/subnets.js";
import { startRunContainer } from "../harness/test-containers.js";
import { bridgeNetwork, wanAndLan } from "../harness/test-networks.js";

const t = useIntegration();

const LATE_MESSAGE = "labels name networks the container is not attached to yet; their parts run when they are connected";

// A test's containers start on the bridge "lan" (wanAndLan's); the macvlan "wan" exists on the
// engine but is attached later.

/** A container started on `lanNet` only, at `ip`, with this file's run labels and `labels`. */
async function startOnLan(name: string, lanNet: string, ip: string, labels: Record<string, string>): Promise<StartedContainer> {
  return startRunContainer(t, { name: t.unique(name), networks: [{ name: lanNet, ip }], labels });
}

/** `docker network connect` of a running container, with a fixed address. */
async function connect(container: StartedContainer, network: string, ip: string): Promise<void> {
  await t.docker.getNetwork(network).connect({ Container: container.id, EndpointConfig: { IPAMConfig: { IPv4Address: ip } } });
}

/** Routes of every table and the rules, without what the kernel itself adds for `device`. */
async function routingState(pid: number, device?: string): Promise<{ routes: string[]; rules: string }> {
  const all = await ipInNetnsOf(pid, ["route", "show", "table", "all"]);
  const routes = all.split("\n").filter((line) => device === undefined || (!line.includes(` dev ${device} `) && !line.endsWith(` dev ${device}`)));
  return { routes, rules: await ipInNetnsOf(pid, ["rule", "show"]) };
}

/**
 * A stack, and a container started on the lan at address `host` whose labels name the wan (a
 * route via its gateway, and reply-via): nothing of them can apply before the wan is connected.
 */
async function startNamingWan(name: string, host: number) {
  const networks = await wanAndLan(t);
  const viaWan = testRange();
  const stack = await t.startStack();
  const container = await startOnLan(name, networks.lanNet, networks.lan.host(host), {
    "docker-events.route": `add ${viaWan} via @${networks.wanNet}.gateway`,
    "docker-events.reply-via": networks.wanNet,
  });
  return { ...networks, viaWan, stack, container };
}

/** startNamingWan's parts in effect on the wan, the rule once: its route, table 1000's default, the rule for its address. */
async function expectWanPartsOnce(container: StartedContainer, wan: TestSubnet, host: number, viaWan: string): Promise<void> {
  const wanInterface = await interfaceCarrying(container.pid, wan.host(host));
  expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", viaWan])).toContain(`via ${wan.host(1)} dev ${wanInterface}`);
  expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", "table", "1000"])).toContain(`default via ${wan.host(1)} dev ${wanInterface}`);
  const rules = (await ipInNetnsOf(container.pid, ["-4", "rule", "show"])).split("\n");
  expect(rules.filter((line) => line.includes(`from ${wan.host(host)} lookup 1000`))).toHaveLength(1);
}

function testRange(): string {
  return `198.18.${randomInt(0, 256)}.0/24`;
}

describe("networks connected after the start", () => {
  it("get the parts that name them when they are connected; the others are applied at the start", async () => {
    const { lan, wan, lanNet, wanNet } = await wanAndLan(t);
    const viaWan = testRange();
    const viaLan = testRange().replace(/^198\.18\./, "198.19.");
    const stack = await t.startStack();
    const container = await startOnLan("late", lanNet, lan.host(10), {
      "docker-events.route": `add ${viaWan} via @${wanNet}.gateway; add ${viaLan} via @${lanNet}.gateway dev @${lanNet}`,
    });
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1 } });
    expect(stack.logs.withMessage(LATE_MESSAGE)).toEqual([expect.objectContaining({ networks: [wanNet] })]);
    const lanInterface = await interfaceCarrying(container.pid, lan.host(10));
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", viaLan])).toContain(`via ${lan.host(1)} dev ${lanInterface}`);
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", viaWan])).toBe("");

    await connect(container, wanNet, wan.host(10));
    const [connected, ...more] = await stack.finishedOfKind(container, "connect");
    expect(more).toEqual([]);
    expect(connected).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1, already: 0, network: wanNet } });
    const wanInterface = await interfaceCarrying(container.pid, wan.host(10));
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", viaWan])).toContain(`via ${wan.host(1)} dev ${wanInterface}`);
    // The lan part was not run a second time.
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", viaLan])).toContain(`via ${lan.host(1)} dev ${lanInterface}`);
  });

  it("are not applied on top of a start that was dead-lettered: the connect job says so and notes it in the start's entry", async () => {
    const { lan, wan, lanNet, wanNet } = await wanAndLan(t);
    const viaWan = testRange();
    const viaNowhere = testRange().replace(/^198\.18\./, "198.19.");
    const stack = await t.startStack({ env: { DEHANDLER_JOB_ATTEMPTS: "1" } });
    // The second part fails (no such gateway on any link): the start ends half-applied.
    const container = await startOnLan("halfway", lanNet, lan.host(10), {
      "docker-events.route": `add ${viaWan} via @${wanNet}.gateway; add ${viaNowhere} via 10.254.254.254`,
    });
    const entry = await stack.deadLetterEntry(container);
    expect(entry).toMatchObject({ label: "docker-events.route", partIndex: 1 });

    await connect(container, wanNet, wan.host(10));
    const [connected, ...more] = await stack.finishedOfKind(container, "connect");
    expect(more).toEqual([]);
    expect(connected).toMatchObject({
      state: "completed",
      returnValue: { outcome: "start-dead-lettered", startJobId: entry.jobId, network: wanNet },
    });
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", viaWan])).toBe("");
    expect((await stack.deadLetterEntry(container)).notes).toEqual([
      expect.stringMatching(
        new RegExp(
          `^network ${wanNet.replace(/[.]/g, "\\.")} connected at .*: its parts were not applied \\(the start failed\\); a retry of this job applies them$`,
        ),
      ),
    ]);
    expect(
      stack.logs.withMessage(
        "network connected, but this start is in the dead-letter queue: its parts wait for the start's retry (dehandler dlq retry)",
      ),
    ).toHaveLength(1);
  });

  it("wait for a network whose name has dots, named as a bare interface", async () => {
    const lan = testSubnet();
    const wan = testSubnet();
    const lanNet = await bridgeNetwork(t, t.unique("lan"), lan);
    const wanNet = await bridgeNetwork(t, `${t.unique("x")}.wan`, wan);
    const viaWan = testRange();
    const stack = await t.startStack();
    const container = await startOnLan("dotted", lanNet, lan.host(12), { "docker-events.route": `add ${viaWan} dev @${wanNet}` });
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 0 } });
    expect(stack.logs.withMessage(LATE_MESSAGE)).toEqual([expect.objectContaining({ networks: [wanNet] })]);

    await connect(container, wanNet, wan.host(12));
    const [connected] = await stack.finishedOfKind(container, "connect");
    expect(connected).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1, network: wanNet } });
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", viaWan])).toContain(
      `dev ${await interfaceCarrying(container.pid, wan.host(12))}`,
    );
  });

  it("leave the container as it is when no label names them", async () => {
    const { lan, wan, lanNet, wanNet } = await wanAndLan(t);
    const viaLan = testRange();
    const stack = await t.startStack();
    const container = await startOnLan("unnamed", lanNet, lan.host(20), {
      "docker-events.route": `add ${viaLan} via @${lanNet}.gateway`,
      "docker-events.rule": `add from @${lanNet}.ip table 300`,
    });
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 2 } });
    expect(stack.logs.withMessage(LATE_MESSAGE)).toEqual([]);
    const before = await routingState(container.pid);

    await connect(container, wanNet, wan.host(20));
    const [connected] = await stack.finishedOfKind(container, "connect");
    expect(connected).toMatchObject({ state: "completed", returnValue: { outcome: "nothing-to-do" } });
    // Only what the kernel adds for the new interface itself (its subnet, its local addresses).
    const wanInterface = await interfaceCarrying(container.pid, wan.host(20));
    expect(await routingState(container.pid, wanInterface)).toEqual(before);
    expect(stack.logs.withMessage("label part applied").length).toBe(2);
  });

  it("give a reply-via network connected later its table and rule then", async () => {
    const { lan, wan, lanNet, wanNet } = await wanAndLan(t);
    const stack = await t.startStack();
    const container = await startOnLan("late-reply", lanNet, lan.host(30), { "docker-events.reply-via": `${lanNet},${wanNet}` });
    // The lan's subnet route, default route and rule; the wan waits.
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 3 } });
    expect(stack.logs.withMessage(LATE_MESSAGE)).toEqual([expect.objectContaining({ networks: [wanNet] })]);
    const lanInterface = await interfaceCarrying(container.pid, lan.host(30));
    expect(await ipInNetnsOf(container.pid, ["-4", "rule", "show"])).toContain(`from ${lan.host(30)} lookup 1000`);
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", "table", "1000"])).toContain(`default via ${lan.host(1)} dev ${lanInterface}`);
    expect(await ipInNetnsOf(container.pid, ["-4", "rule", "show"])).not.toContain("lookup 1001");

    await connect(container, wanNet, wan.host(30));
    const [connected] = await stack.finishedOfKind(container, "connect");
    expect(connected).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 3, already: 0, network: wanNet } });
    const wanInterface = await interfaceCarrying(container.pid, wan.host(30));
    const rules = await ipInNetnsOf(container.pid, ["-4", "rule", "show"]);
    expect(rules).toContain(`from ${wan.host(30)} lookup 1001`);
    // The lan's rule is there once: its parts were not run again.
    expect(rules.split("\n").filter((line) => line.includes(`from ${lan.host(30)} lookup 1000`))).toHaveLength(1);
    const table = await ipInNetnsOf(container.pid, ["-4", "route", "show", "table", "1001"]);
    expect(table).toContain(`default via ${wan.host(1)} dev ${wanInterface}`);
    expect(table).toContain(`${wan.cidr} dev ${wanInterface}`);
  });

  it("get their parts again when disconnected and connected again", async () => {
    const { wan, wanNet, viaWan, stack, container } = await startNamingWan("reconnect", 40);
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 0 } });
    await connect(container, wanNet, wan.host(40));
    await stack.finishedOfKind(container, "connect");
    await t.docker.getNetwork(wanNet).disconnect({ Container: container.id });
    // The routes went with the interface; the rule stays (rules name no interface).
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", viaWan])).toBe("");

    await connect(container, wanNet, wan.host(40));
    const [, again] = await stack.finishedOfKind(container, "connect", 2);
    expect(again).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 3, already: 1, network: wanNet } });
    await expectWanPartsOnce(container, wan, 40, viaWan);
  });

  it("end up applied once when connected while the start is being handled", async () => {
    const { wan, wanNet, viaWan, stack, container } = await startNamingWan("race", 50);
    await connect(container, wanNet, wan.host(50));
    // Whether the start saw the wan or not, both jobs complete and together apply every part.
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    expect(await stack.finishedOfKind(container, "connect")).toEqual([expect.objectContaining({ state: "completed" })]);
    await expectWanPartsOnce(container, wan, 50, viaWan);
  });

  it("with IPv6, named by their compose name, get the IPv6 rule and table too", async () => {
    const wan6 = testSubnet6();
    const project = t.unique("proj").replaceAll("-", "");
    // Macvlan: an IPv6 bridge would make the engine turn on the host's IPv6 forwarding.
    const { lan, wan, lanNet, wanNet } = await wanAndLan(t, { wanName: `${project}_wan`, lanName: `${project}_lan`, wan6 });
    const stack = await t.startStack();
    const container = await startOnLan("compose6", lanNet, lan.host(60), {
      "com.docker.compose.project": project,
      "docker-events.reply-via": "lan,wan",
    });
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 3 } });
    expect(stack.logs.withMessage(LATE_MESSAGE)).toEqual([expect.objectContaining({ networks: ["wan"] })]);

    await t.docker
      .getNetwork(wanNet)
      .connect({ Container: container.id, EndpointConfig: { IPAMConfig: { IPv4Address: wan.host(60), IPv6Address: wan6.host(0x60) } } });
    const [connected] = await stack.finishedOfKind(container, "connect");
    expect(connected).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 6, network: wanNet } });
    const wanInterface = await interfaceCarrying(container.pid, wan6.host(0x60));
    expect(await ipInNetnsOf(container.pid, ["-4", "rule", "show"])).toContain(`from ${wan.host(60)} lookup 1001`);
    expect(await ipInNetnsOf(container.pid, ["-6", "rule", "show"])).toContain(`from ${wan6.host(0x60)} lookup 1001`);
    const table6 = await ipInNetnsOf(container.pid, ["-6", "route", "show", "table", "1001"]);
    expect(table6).toContain(`default via ${wan6.host(1)} dev ${wanInterface}`);
    expect(table6).toContain(`${wan6.cidr} dev ${wanInterface}`);
  });
});
