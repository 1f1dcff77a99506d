import type { IntegrationContext } from "./context.js";
import { createNetwork } from "./containers.js";
import { createVethParent } from "./kernel.js";
import { testSubnet, type TestSubnet } from "./subnets.js";

type NetworkContext = Pick<IntegrationContext, "docker" | "cleanup" | "unique">;

/** A bridge network `name` on `subnet`, its gateway at .1; removed after the test. */
export async function bridgeNetwork(t: NetworkContext, name: string, subnet: TestSubnet): Promise<string> {
  return createNetwork(t.docker, t.cleanup, { name, driver: "bridge", subnet: subnet.cidr, gateway: subnet.host(1) });
}

/** A bridge "lan" on a fresh subnet. */
export async function lanNetwork(t: NetworkContext, name = t.unique("lan")): Promise<{ lan: TestSubnet; lanNet: string }> {
  const lan = testSubnet();
  return { lan, lanNet: await bridgeNetwork(t, name, lan) };
}

/**
 * A macvlan network `name` on a veth parent of its own, on `subnet` (and `ipv6` if given), the
 * gateways at 1; both removed after the test. The parent's peer can stand for the far side.
 */
export async function macvlanNetwork(
  t: NetworkContext,
  name: string,
  subnet: TestSubnet,
  ipv6?: TestSubnet,
): Promise<{ name: string; parent: string }> {
  const parent = await createVethParent(t.cleanup);
  const created = await createNetwork(t.docker, t.cleanup, {
    name,
    driver: "macvlan",
    parent,
    subnet: subnet.cidr,
    gateway: subnet.host(1),
    ...(ipv6 === undefined ? {} : { ipv6: { subnet: ipv6.cidr, gateway: ipv6.host(1) } }),
  });
  return { name: created, parent };
}

export interface WanAndLan {
  wan: TestSubnet;
  lan: TestSubnet;
  wanNet: string;
  lanNet: string;
  /** The veth end the wan's macvlan sits on. */
  parent: string;
  /** The wan as a container's endpoint, at address `n` of its subnet. */
  wanAt: (n: number) => { name: string; ip: string };
  lanAt: (n: number) => { name: string; ip: string };
}

export interface WanAndLanOptions {
  /** The networks' names; unique "wan-…" and "lan-…" ones when not given. */
  wanName?: string;
  lanName?: string;
  /** An IPv6 subnet for the wan besides its IPv4 one. */
  wan6?: TestSubnet;
}

/** A macvlan "wan" (on a veth parent of its own) and a bridge "lan", on fresh subnets, made in that order. */
export async function wanAndLan(t: NetworkContext, options: WanAndLanOptions = {}): Promise<WanAndLan> {
  const wan = testSubnet();
  const lan = testSubnet();
  const { name: wanNet, parent } = await macvlanNetwork(t, options.wanName ?? t.unique("wan"), wan, options.wan6);
  const lanNet = await bridgeNetwork(t, options.lanName ?? t.unique("lan"), lan);
  return { wan, lan, wanNet, lanNet, parent, wanAt: (n) => ({ name: wanNet, ip: wan.host(n) }), lanAt: (n) => ({ name: lanNet, ip: lan.host(n) }) };
}
