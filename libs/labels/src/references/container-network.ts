/** One address of a container on a network, as the engine reports it. */
export interface NetworkAddress {
  address: string;
  prefixLength: number;
  gateway: string | undefined;
}

/** A network the container is attached to, with what `@<network>` references can name. */
export interface ContainerNetwork {
  /** The engine's name for it (with compose, `<project>_<name>`). */
  name: string;
  /** Other names labels may use for it: the name written in the compose file. */
  aliases: readonly string[];
  /** The interface in the container's namespace whose MAC address is the endpoint's. */
  interface: string | undefined;
  mac: string | undefined;
  ipv4: NetworkAddress | undefined;
  ipv6: NetworkAddress | undefined;
}
