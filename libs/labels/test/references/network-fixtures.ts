import type { ContainerNetwork } from "../../src/references/container-network.js";

// Networks as the watcher would report them for one container, covering what references need:
// a compose network with its short name as alias, a network without a gateway or IPv6, dotted
// names that share a prefix, an interface name with a dot, and a network with no interface found.

/** Compose network `wan` of project `proj`: IPv4 and IPv6, both with gateways. */
export const WAN: ContainerNetwork = {
  name: "proj_wan",
  aliases: ["wan"],
  interface: "eth1",
  mac: "02:42:ac:12:00:05",
  ipv4: { address: "172.18.0.5", prefixLength: 16, gateway: "172.18.0.1" },
  ipv6: { address: "fd00:1::5", prefixLength: 64, gateway: "fd00:1::1" },
};

/** An internal network: IPv4 without a gateway, no IPv6. */
export const LAN: ContainerNetwork = {
  name: "lan",
  aliases: [],
  interface: "eth0",
  mac: "02:42:0a:01:02:03",
  ipv4: { address: "10.1.2.3", prefixLength: 24, gateway: undefined },
  ipv6: undefined,
};

/** "my" and "my.net" share a prefix: the longest name wins. */
export const MY: ContainerNetwork = {
  name: "my",
  aliases: [],
  interface: "eth3",
  mac: "02:42:0a:03:00:02",
  ipv4: { address: "10.3.0.2", prefixLength: 16, gateway: "10.3.0.1" },
  ipv6: undefined,
};

export const MY_NET: ContainerNetwork = {
  name: "my.net",
  aliases: [],
  interface: "eth0.100",
  mac: "02:42:0a:04:00:02",
  ipv4: { address: "10.4.0.2", prefixLength: 24, gateway: "10.4.0.1" },
  ipv6: { address: "fd00:4::2", prefixLength: 48, gateway: undefined },
};

/** The engine reports it, but no interface in the namespace carries its MAC address. */
export const GHOST: ContainerNetwork = {
  name: "ghost",
  aliases: [],
  interface: undefined,
  mac: undefined,
  ipv4: { address: "10.9.0.2", prefixLength: 16, gateway: "10.9.0.1" },
  ipv6: undefined,
};

export const NETWORKS: readonly ContainerNetwork[] = [WAN, LAN, MY, MY_NET, GHOST];
