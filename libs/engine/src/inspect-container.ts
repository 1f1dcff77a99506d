import type Docker from "dockerode";
import { ENGINE_REQUEST_TIMEOUT_MS } from "./request-timeout.js";

export interface EndpointAddress {
  address: string;
  prefixLength: number;
  gateway: string | undefined;
}

/** The container's attachment to one network, as the engine reports it. */
export interface ContainerEndpoint {
  network: string;
  mac: string | undefined;
  ipv4: EndpointAddress | undefined;
  ipv6: EndpointAddress | undefined;
}

export interface ContainerSnapshot {
  id: string;
  /** Without Docker's leading "/". */
  name: string;
  running: boolean;
  pid: number;
  startedAt: string;
  labels: Record<string, string>;
  endpoints: ContainerEndpoint[];
}

/** A fresh view of one container; undefined when the engine no longer knows it. */
export async function inspectContainer(docker: Docker, id: string, timeoutMs = ENGINE_REQUEST_TIMEOUT_MS): Promise<ContainerSnapshot | undefined> {
  try {
    const info = await docker.getContainer(id).inspect({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return {
      id: info.Id,
      name: info.Name.replace(/^\//, ""),
      running: info.State.Running,
      pid: info.State.Pid,
      startedAt: info.State.StartedAt,
      labels: info.Config.Labels ?? {},
      endpoints: Object.entries(info.NetworkSettings.Networks ?? {}).map(([network, endpoint]) => ({
        network,
        mac: nonEmpty(endpoint.MacAddress)?.toLowerCase(),
        ipv4: endpointAddress(endpoint.IPAddress, endpoint.IPPrefixLen, endpoint.Gateway),
        ipv6: endpointAddress(endpoint.GlobalIPv6Address, endpoint.GlobalIPv6PrefixLen, endpoint.IPv6Gateway),
      })),
    };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

/**
 * Whether the engine has a network by exactly this name (for references to a network not attached
 * yet). The engine also answers for an id or id prefix: only the same name counts.
 */
export async function networkExists(docker: Docker, name: string, timeoutMs = ENGINE_REQUEST_TIMEOUT_MS): Promise<boolean> {
  try {
    // dockerode's types omit the options of a network's inspect, though it passes them on like every call.
    const network = docker.getNetwork(name) as unknown as { inspect(options: { abortSignal: AbortSignal }): Promise<{ Name?: unknown }> };
    const info = await network.inspect({ abortSignal: AbortSignal.timeout(timeoutMs) });
    return info.Name === name;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

function endpointAddress(address: string | undefined, prefixLength: number | undefined, gateway: string | undefined): EndpointAddress | undefined {
  const ip = nonEmpty(address);
  if (ip === undefined || prefixLength === undefined) return undefined;
  return { address: ip, prefixLength, gateway: nonEmpty(gateway) };
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === "" ? undefined : text;
}
