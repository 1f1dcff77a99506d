// What the label parser is expected to do, written out for the property checks in
// label-properties.ts. These are restated on purpose instead of imported from src: a change to the
// boundary between label text and what a root worker runs should have to change this file too.
import { isIPv6 } from "node:net";
import type { LabelErrorCode } from "../src/errors/label-error.js";
import type { LabelKey } from "../src/label-kinds.js";

/** A part is the arguments of `ip <object>`, starting with one of `verbs`. */
export interface IpExpectation {
  syntax: "ip";
  object: "address" | "route" | "rule" | "link";
  target: "container" | "host";
  verbs: readonly string[];
  /** Verbs that get an undoArgv: the same arguments with the verb replaced by "del". */
  undoneOnStop: readonly string[];
}

/** A part is `net.<key>=<value>`; argv is [key as a /proc/sys path, value]. */
export interface SysctlExpectation {
  syntax: "sysctl";
  target: "container";
}

/** The value lists networks; each gets six optional ip commands with references. */
export interface ReplyViaExpectation {
  syntax: "reply-via";
  target: "container";
}

export type ExpectedSpec = IpExpectation | SysctlExpectation | ReplyViaExpectation;

const ROUTE_ADDING = ["add", "append", "change", "replace", "prepend"];

/** In the order commands are planned. */
export const EXPECTED_SPECS: Readonly<Record<LabelKey, ExpectedSpec>> = {
  "docker-events.sysctl": { syntax: "sysctl", target: "container" },
  "docker-events.link": { syntax: "ip", object: "link", target: "container", verbs: ["set"], undoneOnStop: [] },
  "docker-events.address": {
    syntax: "ip",
    object: "address",
    target: "container",
    verbs: ["add", "change", "replace", "del", "delete", "flush"],
    undoneOnStop: [],
  },
  "docker-events.route": {
    syntax: "ip",
    object: "route",
    target: "container",
    verbs: [...ROUTE_ADDING, "del", "delete", "flush"],
    undoneOnStop: [],
  },
  "docker-events.rule": { syntax: "ip", object: "rule", target: "container", verbs: ["add", "del", "delete", "flush"], undoneOnStop: [] },
  "docker-events.reply-via": { syntax: "reply-via", target: "container" },
  "docker-events.host-route": {
    syntax: "ip",
    object: "route",
    target: "host",
    verbs: [...ROUTE_ADDING, "del", "delete"],
    undoneOnStop: ROUTE_ADDING,
  },
  "docker-events.host-rule": { syntax: "ip", object: "rule", target: "host", verbs: ["add", "del", "delete"], undoneOnStop: ["add"] },
};

export const EXPECTED_ORDER: readonly LabelKey[] = [
  "docker-events.sysctl",
  "docker-events.link",
  "docker-events.address",
  "docker-events.route",
  "docker-events.rule",
  "docker-events.reply-via",
  "docker-events.host-route",
  "docker-events.host-rule",
];

export function ipSpec(key: LabelKey): IpExpectation | undefined {
  const spec = EXPECTED_SPECS[key];
  return spec.syntax === "ip" ? spec : undefined;
}

/** Keys whose parts are ip arguments, link excepted (its arguments follow their own grammar). */
export const PLAIN_IP_KEYS: readonly LabelKey[] = EXPECTED_ORDER.filter((key) => key !== "docker-events.link" && ipSpec(key) !== undefined);

export const ALL_VERBS = [...new Set(EXPECTED_ORDER.flatMap((key) => ipSpec(key)?.verbs ?? []))];

// A Record so that the compiler complains if a code is added to LabelErrorCode and not here.
export const KNOWN_CODES: Readonly<Record<LabelErrorCode, "plan" | "resolve">> = {
  "shell-syntax": "plan",
  "bad-character": "plan",
  quoting: "plan",
  "variable-syntax": "plan",
  "variable-not-allowed": "plan",
  "variable-unset": "plan",
  "forbidden-option": "plan",
  "unknown-verb": "plan",
  "missing-verb": "plan",
  "missing-value": "plan",
  "bad-address": "plan",
  "too-long": "plan",
  "too-many-parts": "plan",
  "too-many-arguments": "plan",
  "bad-reference": "plan",
  "bad-sysctl": "plan",
  "bad-link-setting": "plan",
  "bad-network-list": "plan",
  // Only resolvePlan knows the container's networks.
  "unknown-network": "resolve",
  "missing-network-value": "resolve",
};

/** The documented argument charset: letters, digits and _ . : / % @ + = , - */
export const ARGUMENT_CHARSET = /^[A-Za-z0-9_.:/%@+=,-]+$/;
export const SHELL_OR_QUOTING = ["`", "$", "|", "&", ";", "<", ">", "(", ")", "'", '"', "\\"];

/** sysctl keys: letters, digits and _ . / @ -; values: up to 256 of letters, digits, blanks and _ . : , / - */
export const SYSCTL_KEY_CHARSET = /^[A-Za-z0-9_./@-]+$/;
export const SYSCTL_VALUE_CHARSET = /^[A-Za-z0-9_.:,/ \t-]+$/;
export const MAX_SYSCTL_VALUE = 256;

/** What `docker-events.link` may set after `set [dev] <device>`, and what each takes. */
export const LINK_SETTINGS: Readonly<Record<string, "none" | "value" | "on-off">> = {
  up: "none",
  down: "none",
  mtu: "value",
  txqueuelen: "value",
  txqlen: "value",
  address: "value",
  broadcast: "value",
  alias: "value",
  arp: "on-off",
  multicast: "on-off",
  allmulticast: "on-off",
  promisc: "on-off",
};

export const FIRST_REPLY_TABLE = 1000;
export const MAX_REPLY_NETWORKS = 16;

/** The six commands reply-via plans for one network, before references are resolved. */
export function replyViaArgvs(name: string, table: number): string[][] {
  const ref = `@${name}`;
  const t = String(table);
  return (["-4", "-6"] as const).flatMap((family) => [
    [family, "route", "replace", `${ref}.subnet`, "dev", ref, "table", t],
    [family, "route", "replace", "default", "via", `${ref}.gateway`, "dev", ref, "table", t],
    [family, "rule", "add", "from", `${ref}.ip`, "table", t],
  ]);
}

/**
 * A word naming an IPv6 address or prefix, which makes an ip part without a stated family -6.
 * Words with a zone (`%`) are left out: parsers disagree on zone names, and ip takes none.
 */
export function isClearlyIpv6(word: string): boolean {
  const address = word.split("/")[0] ?? "";
  return address.includes(":") && !address.includes("%") && isIPv6(address);
}

/** `@` starts a network reference and must be followed by a letter or digit. */
export function hasBadReference(text: string): boolean {
  return /@(?![A-Za-z0-9])/.test(text);
}

/** Per call, on inputs up to 2 × maxLabelLength (plus a few far larger pathological ones). */
export const MAX_CALL_MS = 50;
