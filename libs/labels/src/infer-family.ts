import ipaddr from "ipaddr.js";
import type { AddressFamily } from "./check-options.js";

/**
 * `-6` for a part without a stated family that names an IPv6 address or prefix: ip would guess
 * the same for most commands, but not for all (`rule add … lookup`, `route flush`), and batches
 * are grouped by family.
 */
export function inferFamily(words: readonly string[]): AddressFamily | undefined {
  return words.some(isIpv6Word) ? "-6" : undefined;
}

function isIpv6Word(word: string): boolean {
  const address = word.split("/")[0] ?? "";
  return address.includes(":") && ipaddr.IPv6.isValid(address);
}
