import ipaddr from "ipaddr.js";
import type { ContainerNetwork, NetworkAddress } from "./container-network.js";

export type Family = "-4" | "-6";

/** What `@<network>.<attribute>` can name; unsuffixed ones follow the part's family (IPv4 unless -6). */
export const ATTRIBUTES = ["ip", "prefix", "gateway", "subnet", "mac", "ip6", "prefix6", "gateway6", "subnet6"] as const;
type Attribute = (typeof ATTRIBUTES)[number];

export type ReferenceOutcome =
  /** `value` replaces `@<network>[.<attribute>]`; `rest` is the run's remaining text, as written. */
  | { ok: true; value: string; rest: string; network: ContainerNetwork; names: "interface" | "attribute" }
  /** `name` is the best guess for messages; `candidates` every name the run may start with, longest first. */
  | { ok: false; reason: "unknown-network"; name: string; candidates: string[] }
  | { ok: false; reason: "missing"; network: ContainerNetwork; what: string }
  /** No interface in the namespace carries the endpoint's MAC address. */
  | { ok: false; reason: "no-interface"; network: ContainerNetwork };

/**
 * One reference run (the text after `@`): the longest leading network name the container has,
 * then an optional `.attribute`; anything after stays as written (`@wan.rp_filter` in a sysctl
 * key is the interface and `.rp_filter`).
 */
export function resolveReference(run: string, networks: readonly ContainerNetwork[], family: Family | undefined): ReferenceOutcome {
  const match = longestNetworkPrefix(run, networks);
  if (match === undefined) return { ok: false, reason: "unknown-network", name: guessNetworkName(run), candidates: candidateNames(run) };
  const { network, length } = match;
  const rest = run.slice(length);
  const attribute = ATTRIBUTES.find((name) => rest === `.${name}` || rest.startsWith(`.${name}.`));
  if (attribute === undefined) {
    if (network.interface === undefined) return { ok: false, reason: "no-interface", network };
    return { ok: true, value: network.interface, rest, network, names: "interface" };
  }
  const value = attributeValue(network, attribute, family);
  if (value === undefined) return { ok: false, reason: "missing", network, what: describeAttribute(attribute, family) };
  return { ok: true, value, rest: rest.slice(attribute.length + 1), network, names: "attribute" };
}

/** Every name a reference may use for the network. */
export function namesOf(network: ContainerNetwork): string[] {
  return [network.name, ...network.aliases];
}

function longestNetworkPrefix(run: string, networks: readonly ContainerNetwork[]): { network: ContainerNetwork; length: number } | undefined {
  let best: { network: ContainerNetwork; length: number } | undefined;
  for (const network of networks) {
    for (const name of namesOf(network)) {
      const fits = run === name || (run.startsWith(name) && run[name.length] === ".");
      if (fits && (best === undefined || name.length > best.length)) best = { network, length: name.length };
    }
  }
  return best;
}

/** For the error message: the run without a trailing attribute, or up to its first dot. */
export function guessNetworkName(run: string): string {
  const attribute = ATTRIBUTES.find((name) => run.endsWith(`.${name}`));
  if (attribute !== undefined) return run.slice(0, -attribute.length - 1);
  const dot = run.indexOf(".");
  return dot === -1 ? run : run.slice(0, dot);
}

/** `a.b.ip` → `a.b.ip`, `a.b`, `a`: a network not attached yet may have dots in its name. */
function candidateNames(run: string): string[] {
  const parts = run.split(".");
  return parts.map((_, index) => parts.slice(0, parts.length - index).join(".")).filter((name) => name !== "");
}

function attributeValue(network: ContainerNetwork, attribute: Attribute, family: Family | undefined): string | undefined {
  if (attribute === "mac") return network.mac;
  const six = attribute.endsWith("6") || family === "-6";
  const address = six ? network.ipv6 : network.ipv4;
  if (address === undefined) return undefined;
  switch (attribute.replace(/6$/, "")) {
    case "ip":
      return address.address;
    case "prefix":
      return String(address.prefixLength);
    case "gateway":
      return address.gateway;
    default:
      return subnetOf(address);
  }
}

function subnetOf(address: NetworkAddress): string {
  const network =
    ipaddr.parse(address.address).kind() === "ipv6"
      ? ipaddr.IPv6.networkAddressFromCIDR(`${address.address}/${address.prefixLength}`)
      : ipaddr.IPv4.networkAddressFromCIDR(`${address.address}/${address.prefixLength}`);
  return `${network.toString()}/${address.prefixLength}`;
}

function describeAttribute(attribute: Attribute, family: Family | undefined): string {
  if (attribute === "mac") return "a MAC address";
  const six = attribute.endsWith("6") || family === "-6";
  const base = attribute.replace(/6$/, "");
  const noun = base === "ip" ? "address" : base === "prefix" ? "prefix length" : base;
  return `an IPv${six ? 6 : 4} ${noun}`;
}
