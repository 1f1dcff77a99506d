// The labels dehandler understands, in the order their commands are applied: addresses first so
// that routes can use them, rules after the routes they point at, host routes last.
export const LABEL_KEYS = [
  "docker-events.address",
  "docker-events.route",
  "docker-events.rule",
  "docker-events.host-route",
] as const;

export type LabelKey = (typeof LABEL_KEYS)[number];

export type IpObject = "address" | "route" | "rule";

export interface LabelSpec {
  object: IpObject;
  target: "container" | "host";
  verbs: readonly string[];
}

// Verbs are exact words, not iproute2 abbreviations, so what runs is what the label says.
// Host routes have no flush: it could wipe the host's whole routing table.
export const LABEL_SPECS: Readonly<Record<LabelKey, LabelSpec>> = {
  "docker-events.address": {
    object: "address",
    target: "container",
    verbs: ["add", "change", "replace", "del", "delete", "flush"],
  },
  "docker-events.route": {
    object: "route",
    target: "container",
    verbs: ["add", "append", "change", "replace", "prepend", "del", "delete", "flush"],
  },
  "docker-events.rule": {
    object: "rule",
    target: "container",
    verbs: ["add", "del", "delete", "flush"],
  },
  "docker-events.host-route": {
    object: "route",
    target: "host",
    verbs: ["add", "append", "change", "replace", "prepend", "del", "delete"],
  },
};
