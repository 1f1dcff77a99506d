import { BlockList, isIP } from "node:net";

interface Cidr {
  text: string;
  family: "ipv4" | "ipv6";
  prefix: number;
  block: BlockList;
}

/** Parses "10.0.0.0/8" or "fd00::/8"; undefined when it is not a CIDR. */
function parseCidr(text: string): Cidr | undefined {
  const [address = "", prefixText] = text.split("/");
  const version = isIP(address);
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (version === 0 || !(prefix >= 0 && prefix <= max)) return undefined;
  const family = version === 4 ? "ipv4" : "ipv6";
  const block = new BlockList();
  block.addSubnet(address, prefix, family);
  return { text, family, prefix, block };
}

/**
 * The operator's list of CIDRs that host routes may touch. A destination is inside when it is an
 * equal or narrower prefix within one entry (`default` is 0.0.0.0/0 or ::/0); a gateway when its
 * address is.
 */
export class CidrList {
  private constructor(readonly entries: readonly Cidr[]) {}

  /** Throws a RangeError naming the entry that is not a CIDR. */
  static parse(items: readonly string[]): CidrList {
    return new CidrList(
      items.map((item) => {
        const cidr = parseCidr(item);
        if (cidr === undefined) throw new RangeError(`${JSON.stringify(item)} is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
        return cidr;
      }),
    );
  }

  containsPrefix(text: string): boolean {
    if (text === "default") return this.entries.some((entry) => entry.prefix === 0);
    const target = parseCidr(text);
    if (target === undefined) return false;
    const [address = ""] = text.split("/");
    return this.entries.some((entry) => entry.family === target.family && target.prefix >= entry.prefix && entry.block.check(address, entry.family));
  }

  containsAddress(text: string): boolean {
    const version = isIP(text);
    if (version === 0) return false;
    const family = version === 4 ? "ipv4" : "ipv6";
    return this.entries.some((entry) => entry.family === family && entry.block.check(text, family));
  }

  toString(): string {
    return this.entries.map((entry) => entry.text).join(", ");
  }
}
