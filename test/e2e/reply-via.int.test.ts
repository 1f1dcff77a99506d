import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { describeContainer, startContainer, type StartedContainer } from "../harness/containers.js";
import { blackholeOnHost, createClientNetns, interfaceCarrying, ipInNetnsOf, pingAnswered, vethPeerOf } from "../harness/kernel.js";
import { testSubnet, testSubnet6 } from "../harness/subnets.js";
import { createRunContainer, startRunContainer } from "../harness/test-containers.js";
import { macvlanNetwork, wanAndLan } from "../harness/test-networks.js";

const t = useIntegration();

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("docker-events.reply-via", () => {
  it("sends replies to a client beyond the wan back out of the wan, where the default route would not", async () => {
    const { wan, lan, wanNet, lanNet, parent, wanAt, lanAt } = await wanAndLan(t);
    // The client: the veth peer of the wan's parent, holding the wan gateway's address and one
    // outside the wan subnet that only the wan gateway can reach.
    const client = `198.18.77.${randomInt(2, 250)}`;
    const clientNetns = await createClientNetns(t.cleanup, vethPeerOf(parent), [`${wan.host(1)}/24`, `${client}/32`]);
    // A reply that wrongly takes the lan default route would be forwarded by the host out of its
    // own default route: drop it on the host instead.
    await blackholeOnHost(t.cleanup, `${client}/32`);

    const stack = await t.startStack();
    // Both containers make the lan their default route, whichever network the engine picked.
    const lanDefault = `replace default via @${lanNet}.gateway dev @${lanNet}`;
    const plain = await startRunContainer(t, {
      name: t.unique("plain"),
      networks: [lanAt(10), wanAt(10)],
      labels: { "docker-events.route": lanDefault },
    });
    const replying = await startRunContainer(t, {
      name: t.unique("replying"),
      networks: [lanAt(11), wanAt(11)],
      labels: { "docker-events.route": lanDefault, "docker-events.reply-via": wanNet },
    });
    expect(await stack.finished(plain)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1 } });
    // The lan default, then the wan's subnet route, default route and rule (no IPv6 on the wan).
    expect(await stack.finished(replying)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 4 } });

    for (const container of [plain, replying]) {
      const lanInterface = await interfaceCarrying(container.pid, container === plain ? lan.host(10) : lan.host(11));
      expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", "default"])).toContain(`default via ${lan.host(1)} dev ${lanInterface}`);
    }

    // Without reply-via the answer follows the lan default route and never reaches the client.
    const plainLan = await interfaceCarrying(plain.pid, lan.host(10));
    expect(await ipInNetnsOf(plain.pid, ["-4", "route", "get", client, "from", wan.host(10)])).toContain(`via ${lan.host(1)} dev ${plainLan}`);
    expect(await pingAnswered(clientNetns, client, wan.host(10))).toBe(false);

    // With it, what leaves from the wan address looks up table 1000: out of the wan, to its gateway.
    const wanInterface = await interfaceCarrying(replying.pid, wan.host(11));
    expect(await ipInNetnsOf(replying.pid, ["-4", "rule", "show"])).toMatch(new RegExp(`from ${escaped(wan.host(11))} lookup 1000\\b`));
    const table = await ipInNetnsOf(replying.pid, ["-4", "route", "show", "table", "1000"]);
    expect(table).toContain(`default via ${wan.host(1)} dev ${wanInterface}`);
    expect(table).toContain(`${wan.cidr} dev ${wanInterface}`);
    expect(await ipInNetnsOf(replying.pid, ["-4", "route", "get", client, "from", wan.host(11)])).toMatch(
      new RegExp(`via ${escaped(wan.host(1))} dev ${wanInterface} table 1000\\b`),
    );
    expect(await pingAnswered(clientNetns, client, wan.host(11))).toBe(true);
    // Only what leaves from the wan address: the lan address still uses the main table.
    expect(await ipInNetnsOf(replying.pid, ["-4", "route", "get", client, "from", lan.host(11)])).not.toContain("table 1000");
  });

  it("numbers tables in the written order, skips the ones the labels use, and keeps them across a restart", async () => {
    // The lan named to sort before the wan: the tables follow the label's order, not the names'.
    const { wan, lan, wanNet, lanNet, wanAt, lanAt } = await wanAndLan(t, { wanName: t.unique("z-wan"), lanName: t.unique("a-lan") });
    const stack = await t.startStack();
    const created = await createRunContainer(t, {
      name: t.unique("tables"),
      networks: [lanAt(20), wanAt(20)],
      labels: {
        "docker-events.route": `add 198.18.60.0/24 via ${lan.host(1)} table 1000`,
        "docker-events.reply-via": `${wanNet}, ${lanNet}`,
      },
    });

    const expectTables = async (pid: number): Promise<void> => {
      const wanInterface = await interfaceCarrying(pid, wan.host(20));
      const lanInterface = await interfaceCarrying(pid, lan.host(20));
      const rules = await ipInNetnsOf(pid, ["-4", "rule", "show"]);
      expect(rules).toMatch(new RegExp(`from ${escaped(wan.host(20))} lookup 1001\\b`));
      expect(rules).toMatch(new RegExp(`from ${escaped(lan.host(20))} lookup 1002\\b`));
      expect(rules).not.toContain("lookup 1000");
      expect((await ipInNetnsOf(pid, ["-4", "route", "show", "table", "1000"])).trim()).toBe(`198.18.60.0/24 via ${lan.host(1)} dev ${lanInterface}`);
      const wanTable = await ipInNetnsOf(pid, ["-4", "route", "show", "table", "1001"]);
      expect(wanTable).toContain(`default via ${wan.host(1)} dev ${wanInterface}`);
      expect(wanTable).toContain(`${wan.cidr} dev ${wanInterface}`);
      const lanTable = await ipInNetnsOf(pid, ["-4", "route", "show", "table", "1002"]);
      expect(lanTable).toContain(`default via ${lan.host(1)} dev ${lanInterface}`);
      expect(lanTable).toContain(`${lan.cidr} dev ${lanInterface}`);
    };

    const first = await startContainer(created);
    expect(await stack.finished(first)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 7 } });
    await expectTables(first.pid);

    await created.restart({ t: 0 });
    const second = await describeContainer(created);
    expect(second.startedAt).not.toBe(first.startedAt);
    expect(await stack.finished(second)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 7 } });
    await expectTables(second.pid);
  });

  it("adds IPv6 rules and routes where the network has IPv6, and leaves them out where it has not", async () => {
    const wan = testSubnet();
    const wan6 = testSubnet6();
    const other = testSubnet();
    // Macvlan for both: an IPv6 bridge would make the engine turn on the host's IPv6 forwarding.
    const { name: wanNet } = await macvlanNetwork(t, t.unique("wan6"), wan, wan6);
    const { name: otherNet } = await macvlanNetwork(t, t.unique("other"), other);
    const stack = await t.startStack();
    const container = await startRunContainer(t, {
      name: t.unique("six"),
      networks: [
        { name: wanNet, ip: wan.host(30), ip6: wan6.host(0x30) },
        { name: otherNet, ip: other.host(30) },
      ],
      labels: { "docker-events.reply-via": `${wanNet},${otherNet}` },
    });
    // Six for the wan (IPv4 and IPv6), three for the IPv4-only network.
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 9 } });

    const wanInterface = await interfaceCarrying(container.pid, wan6.host(0x30));
    expect(await interfaceCarrying(container.pid, wan.host(30))).toBe(wanInterface);
    const rules6 = await ipInNetnsOf(container.pid, ["-6", "rule", "show"]);
    expect(rules6).toMatch(new RegExp(`from ${escaped(wan6.host(0x30))} lookup 1000\\b`));
    expect(rules6).not.toContain("lookup 1001");
    const table6 = await ipInNetnsOf(container.pid, ["-6", "route", "show", "table", "1000"]);
    expect(table6).toContain(`default via ${wan6.host(1)} dev ${wanInterface}`);
    expect(table6).toContain(`${wan6.cidr} dev ${wanInterface}`);
    // No IPv6 table 1001 at all (`ip -6 route show table 1001` would fail: no such table).
    expect(await ipInNetnsOf(container.pid, ["-6", "route", "show", "table", "all"])).not.toContain("table 1001");
    expect(await ipInNetnsOf(container.pid, ["-6", "route", "get", "2001:db8::9", "from", wan6.host(0x30)])).toMatch(
      new RegExp(`via ${escaped(wan6.host(1))} dev ${wanInterface} table 1000\\b`),
    );
    // IPv4 for both networks.
    const rules = await ipInNetnsOf(container.pid, ["-4", "rule", "show"]);
    expect(rules).toMatch(new RegExp(`from ${escaped(wan.host(30))} lookup 1000\\b`));
    expect(rules).toMatch(new RegExp(`from ${escaped(other.host(30))} lookup 1001\\b`));
    const otherInterface = await interfaceCarrying(container.pid, other.host(30));
    expect(await ipInNetnsOf(container.pid, ["-4", "route", "show", "table", "1001"])).toContain(
      `default via ${other.host(1)} dev ${otherInterface}`,
    );
  });

  it("sends IPv6 replies to a client beyond the wan back out of the wan too", async () => {
    const wan = testSubnet();
    const wan6 = testSubnet6();
    const other = testSubnet();
    const other6 = testSubnet6();
    const { name: wanNet, parent } = await macvlanNetwork(t, t.unique("wan6"), wan, wan6);
    const { name: otherNet } = await macvlanNetwork(t, t.unique("other6"), other, other6);
    const client = testSubnet6().host(5);
    const clientNetns = await createClientNetns(t.cleanup, vethPeerOf(parent), [`${wan6.host(1)}/64`, `${client}/128`]);
    const stack = await t.startStack();
    // The other network is the IPv6 default: nobody answers for its gateway, so replies sent
    // there are lost (and never leave the machine: the host does not forward IPv6).
    const otherDefault = `-6 replace default via @${otherNet}.gateway dev @${otherNet}`;
    const start = async (host: number, labels: Record<string, string>): Promise<StartedContainer> =>
      startRunContainer(t, {
        name: t.unique("six"),
        networks: [
          { name: otherNet, ip: other.host(host), ip6: other6.host(host) },
          { name: wanNet, ip: wan.host(host), ip6: wan6.host(host) },
        ],
        labels: { "docker-events.route": otherDefault, ...labels },
      });
    const plain = await start(0x10, {});
    const replying = await start(0x11, { "docker-events.reply-via": wanNet });
    expect(await stack.finished(plain)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1 } });
    expect(await stack.finished(replying)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 7 } });

    const plainOther = await interfaceCarrying(plain.pid, other6.host(0x10));
    expect(await ipInNetnsOf(plain.pid, ["-6", "route", "get", client, "from", wan6.host(0x10)])).toContain(
      `via ${other6.host(1)} dev ${plainOther}`,
    );
    expect(await pingAnswered(clientNetns, client, wan6.host(0x10))).toBe(false);

    const wanInterface = await interfaceCarrying(replying.pid, wan6.host(0x11));
    expect(await ipInNetnsOf(replying.pid, ["-6", "route", "get", client, "from", wan6.host(0x11)])).toMatch(
      new RegExp(`via ${escaped(wan6.host(1))} dev ${wanInterface} table 1000\\b`),
    );
    expect(await pingAnswered(clientNetns, client, wan6.host(0x11))).toBe(true);
  });
});
