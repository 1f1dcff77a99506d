import { randomInt } from "node:crypto";

export interface TestSubnet {
  cidr: string;
  /** The address `n` in the subnet (1 is the gateway). */
  host(n: number): string;
}

/** A random /24 in 10.100.0.0–10.199.255.0, so runs and leftovers from failed runs rarely meet. */
export function testSubnet(): TestSubnet {
  const base = `10.${randomInt(100, 200)}.${randomInt(0, 256)}`;
  return { cidr: `${base}.0/24`, host: (n) => `${base}.${n}` };
}

/** A random ULA /64 (fdXX:XXXX:XXXX::/64, never the host's fd00::/64), written as `ip` prints it. */
export function testSubnet6(): TestSubnet {
  const group = (): string => randomInt(0x1000, 0x10000).toString(16);
  const base = `fd${randomInt(0x10, 0x100).toString(16)}:${group()}:${group()}`;
  return { cidr: `${base}::/64`, host: (n) => `${base}::${n.toString(16)}` };
}
