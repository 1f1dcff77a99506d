import { randomInt } from "node:crypto";

export interface BenchSubnet {
  cidr: string;
  gateway: string;
  /** The fixed address of container `index` (0-based): the subnet's 10th address onwards. */
  containerIp(index: number): string;
}

const FIRST_CONTAINER_OFFSET = 10;

export function ipv4FromNumber(value: number): string {
  return [24, 16, 8, 0].map((shift) => String((value >>> shift) & 255)).join(".");
}

export function ipv4ToNumber(address: string): number {
  const octets = address.split(".").map(Number);
  return octets.reduce((sum, octet) => sum * 256 + octet, 0);
}

/**
 * A random bridge subnet in 10.100.0.0–10.199.255.255 (as test/harness/subnets.ts picks them, so
 * leftovers of a failed run rarely meet the next): a /24 while the containers fit (.10–.250),
 * a /20 beyond that.
 */
export function benchSubnet(containers: number): BenchSubnet {
  const wide = containers + FIRST_CONTAINER_OFFSET > 250;
  const prefix = wide ? 20 : 24;
  const base = ipv4ToNumber(`10.${randomInt(100, 200)}.${wide ? randomInt(0, 16) * 16 : randomInt(0, 256)}.0`);
  return {
    cidr: `${ipv4FromNumber(base)}/${prefix}`,
    gateway: ipv4FromNumber(base + 1),
    containerIp: (index) => ipv4FromNumber(base + FIRST_CONTAINER_OFFSET + index),
  };
}
