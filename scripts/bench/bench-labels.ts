import type { BenchSubnet } from "./bench-subnet.js";
import { ipv4FromNumber, ipv4ToNumber } from "./bench-subnet.js";

/** The label the watcher is told to follow: only this run's containers become jobs. */
export const RUN_LABEL = "dehandler-bench.run";

/** 198.18.0.0/15 is set aside for benchmarks (RFC 2544): host routes there disturb nothing. */
export const HOST_ROUTE_RANGE = "198.18.0.0/15";
const HOST_ROUTE_BASE = ipv4ToNumber("198.18.0.0");
/** Each phase has its own block of host-route addresses, so a leftover never looks "already there". */
const HOST_ROUTES_PER_PHASE = 1024;

export interface BenchContainerPlan {
  name: string;
  ip: string;
  labels: Record<string, string>;
  /** Addresses the worker must add to eth0 (checked on a sample). */
  extraAddresses: [string, string];
  /** The host route's destination, `198.18.a.b/32`, removed after the phase. */
  hostRoute: string;
  /** Container-side parts: 2 addresses, 2 routes, 1 rule; plus 1 host route. */
  parts: number;
}

/**
 * Labels modelled on the original tool's README: a secondary address (two here), routes through
 * the bridge gateway with a default route in table 100, a policy rule without `pref` (the
 * worker's rule de-duplication path) and a host route toward the container.
 */
export function benchContainerPlan(runId: string, phaseSeq: number, index: number, subnet: BenchSubnet): BenchContainerPlan {
  const ip = subnet.containerIp(index);
  const gateway = subnet.gateway;
  const n = index + 1;
  const [hi, lo] = [(n >> 8) & 255, n & 255];
  const extraAddresses: [string, string] = [`10.250.${hi}.${lo}`, `10.251.${hi}.${lo}`];
  const hostRoute = `${ipv4FromNumber(HOST_ROUTE_BASE + phaseSeq * HOST_ROUTES_PER_PHASE + n)}/32`;
  return {
    name: `bench-${runId}-${phaseSeq}-${index}`,
    ip,
    extraAddresses,
    hostRoute,
    parts: 6,
    labels: {
      [RUN_LABEL]: runId,
      "docker-events.address": extraAddresses.map((address) => `add ${address}/32 dev eth0`).join(";"),
      "docker-events.route": `add 10.252.${index % 256}.0/24 via ${gateway}; add default via ${gateway} table 100`,
      "docker-events.rule": `add from ${extraAddresses[1]} lookup 100`,
      "docker-events.host-route": `add ${hostRoute} via ${ip}`,
    },
  };
}
