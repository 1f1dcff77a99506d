import { readFile } from "node:fs/promises";

// Bit numbers from linux/capability.h.
const CAPABILITY_BITS = { NET_ADMIN: 12n, SYS_PTRACE: 19n, SYS_ADMIN: 21n } as const;

export type CapabilityName = keyof typeof CAPABILITY_BITS;

/** The effective capability set from the text of /proc/<pid>/status. */
export function effectiveCapabilities(status: string): bigint {
  const hex = /^CapEff:\s*([0-9a-f]+)$/im.exec(status)?.[1];
  if (hex === undefined) throw new Error("no CapEff line in the process status");
  return BigInt(`0x${hex}`);
}

/** Which of `required` this process lacks: entering namespaces and changing routes need them. */
export async function missingCapabilities(required: readonly CapabilityName[]): Promise<CapabilityName[]> {
  const effective = effectiveCapabilities(await readFile("/proc/self/status", "utf8"));
  return required.filter((name) => (effective & (1n << CAPABILITY_BITS[name])) === 0n);
}
