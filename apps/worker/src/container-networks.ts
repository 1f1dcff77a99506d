import type { ContainerSnapshot } from "@dehandler/engine";
import type { ContainerNetwork } from "@dehandler/labels";
import type { LinkInfo } from "@dehandler/netns";

export const COMPOSE_PROJECT = "com.docker.compose.project";

/**
 * The container's networks as references see them: each endpoint's interface is the link in the
 * container's namespace with the endpoint's MAC address (Docker's eth order is no guide), and a
 * compose network is also known by the name the compose file gave it (`<project>_wan` → `wan`).
 */
export function containerNetworks(container: ContainerSnapshot, links: readonly LinkInfo[]): ContainerNetwork[] {
  const project = container.labels[COMPOSE_PROJECT];
  return container.endpoints.map((endpoint) => ({
    name: endpoint.network,
    aliases: project !== undefined && endpoint.network.startsWith(`${project}_`) ? [endpoint.network.slice(project.length + 1)] : [],
    interface: endpoint.mac === undefined ? undefined : links.find((link) => link.mac === endpoint.mac)?.name,
    mac: endpoint.mac,
    ipv4: endpoint.ipv4,
    ipv6: endpoint.ipv6,
  }));
}

/** The engine names a reference's network may have: as written, and with the compose project. */
export function engineNamesFor(written: string, container: ContainerSnapshot): string[] {
  const project = container.labels[COMPOSE_PROJECT];
  return project === undefined ? [written] : [written, `${project}_${written}`];
}
