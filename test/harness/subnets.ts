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
