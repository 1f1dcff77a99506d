// What an `ip route` command touches on the host: its destination prefix and every gateway.
// Route types and the `to` keyword may come before the prefix (`ip route add blackhole to X`).
const ROUTE_TYPES = new Set(["unicast", "local", "broadcast", "multicast", "throw", "unreachable", "prohibit", "blackhole", "nat"]);
const FAMILIES = new Set(["inet", "inet6"]);

export interface RouteTargets {
  /** As written: a prefix, an address, or `default`. */
  destination: string | undefined;
  gateways: string[];
}

/** `args` are an `ip route` command's arguments after the verb (no family flag, object or verb). */
export function routeTargets(args: readonly string[]): RouteTargets {
  let index = 0;
  while (index < args.length && (ROUTE_TYPES.has(args[index] ?? "") || args[index] === "to")) index += 1;
  const destination = args[index];
  const gateways: string[] = [];
  for (let i = index + 1; i < args.length; i += 1) {
    if (args[i] !== "via") continue;
    const next = FAMILIES.has(args[i + 1] ?? "") ? args[i + 2] : args[i + 1];
    if (next !== undefined) gateways.push(next);
  }
  return { destination, gateways };
}

export interface RuleSelectors {
  /** The `from` and `to` prefixes of an `ip rule` command, as written. */
  selectors: { word: "from" | "to"; prefix: string }[];
}

/** `args` are an `ip rule` command's arguments after the verb. */
export function ruleSelectors(args: readonly string[]): RuleSelectors {
  const selectors: RuleSelectors["selectors"] = [];
  args.forEach((word, index) => {
    const prefix = args[index + 1];
    if ((word === "from" || word === "to") && prefix !== undefined) selectors.push({ word, prefix });
  });
  return { selectors };
}
