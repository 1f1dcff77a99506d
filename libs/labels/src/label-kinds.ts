// Every label dehandler understands, in the order its commands are applied. Adding a label kind
// is one entry here: its key, where it runs, and which syntax reads its parts.
//
// sysctls and link settings come first (an MTU or rp_filter before addresses and routes use the
// interface), addresses before the routes that use them, rules after the routes they point at,
// the reply-via preset after the user's own routes and rules, host changes last.

/** A part is the arguments of `ip <object>`, starting with one of `verbs`. */
export interface IpSyntax {
  kind: "ip";
  // How ip itself reads an argv is libs/netns's (parseIpCommand); this only names the label's object.
  object: "address" | "route" | "rule" | "link";
  verbs: readonly string[];
  /** Verbs whose effect dehandler undoes with `del` when the container stops (host changes). */
  undoneOnStop?: readonly string[];
}

/** A part is `net.<key>=<value>`, written to /proc/sys/net inside the container's namespace. */
export interface SysctlSyntax {
  kind: "sysctl";
}

/** The value names networks whose replies leave through their own interface (CNI's sbr). */
export interface ReplyViaSyntax {
  kind: "reply-via";
}

export type LabelSyntax = IpSyntax | SysctlSyntax | ReplyViaSyntax;

export interface LabelKind {
  key: string;
  target: "container" | "host";
  syntax: LabelSyntax;
}

// Verbs are exact words, not iproute2 abbreviations, so what runs is what the label says.
// Host routes and rules have no flush: it could wipe the host's routing table or policy.
const ROUTE_VERBS = ["add", "append", "change", "replace", "prepend", "del", "delete"] as const;
const ROUTE_ADDING = ["add", "append", "change", "replace", "prepend"] as const;

export const LABEL_KINDS = [
  { key: "docker-events.sysctl", target: "container", syntax: { kind: "sysctl" } },
  { key: "docker-events.link", target: "container", syntax: { kind: "ip", object: "link", verbs: ["set"] } },
  {
    key: "docker-events.address",
    target: "container",
    syntax: { kind: "ip", object: "address", verbs: ["add", "change", "replace", "del", "delete", "flush"] },
  },
  { key: "docker-events.route", target: "container", syntax: { kind: "ip", object: "route", verbs: [...ROUTE_VERBS, "flush"] } },
  { key: "docker-events.rule", target: "container", syntax: { kind: "ip", object: "rule", verbs: ["add", "del", "delete", "flush"] } },
  { key: "docker-events.reply-via", target: "container", syntax: { kind: "reply-via" } },
  {
    key: "docker-events.host-route",
    target: "host",
    syntax: { kind: "ip", object: "route", verbs: ROUTE_VERBS, undoneOnStop: ROUTE_ADDING },
  },
  {
    key: "docker-events.host-rule",
    target: "host",
    syntax: { kind: "ip", object: "rule", verbs: ["add", "del", "delete"], undoneOnStop: ["add"] },
  },
] as const satisfies readonly LabelKind[];

export type LabelKey = (typeof LABEL_KINDS)[number]["key"];

export const LABEL_KEYS: readonly LabelKey[] = LABEL_KINDS.map((kind) => kind.key);

const BY_KEY = new Map<string, LabelKind>(LABEL_KINDS.map((kind) => [kind.key, kind]));

export function labelKind(key: LabelKey): LabelKind {
  const kind = BY_KEY.get(key);
  if (kind === undefined) throw new TypeError(`no label kind ${key}`);
  return kind;
}

export function isLabelKey(key: string): key is LabelKey {
  return BY_KEY.has(key);
}
