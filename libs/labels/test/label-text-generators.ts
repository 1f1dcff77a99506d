// fast-check generators of label text for the properties in label-properties.ts: the pools of
// hostile fragments, variable and network names, hostile and near-valid values, values at the edges
// of the limits, and label keys (known, misspelt docker-events ones, unrelated).
import fc from "fast-check";
import { LABEL_LIMITS } from "../src/limits.js";
import { ALL_VERBS, EXPECTED_ORDER } from "./label-expectations.js";

const DANGEROUS = [
  ";",
  ";;",
  " ; ",
  "$(",
  "$(id)",
  "$(reboot)",
  "`",
  "`id`",
  "|",
  "| sh",
  "||",
  "&",
  "&&",
  "&& reboot",
  ">",
  ">>",
  "> /etc/passwd",
  "<",
  "< /etc/shadow",
  "(",
  ")",
  "{",
  "}",
  "\n",
  "\r",
  "\r\n",
  "\0",
  "\t",
  "\v",
  "\f",
  "\x1b[2J",
  "\x7f",
  "\x85",
  "$VAR",
  "${VAR}",
  "$$",
  "${",
  "$",
  "$1",
  "${}",
  "${VAR:-x}",
  "${VAR/a/b}",
  "${!VAR}",
  "$?",
  "$@",
  "$*",
  "$#",
  "$-",
  "'",
  '"',
  "\\",
  "\\n",
  "\\;",
  "-batch",
  "-b",
  "-force",
  "-n",
  "-netns",
  "-N",
  "-all",
  "--",
  "-",
  "-4",
  "-6",
  "-0",
  "-family",
  "netns",
  "exec",
  "ip",
  "sh -c",
  "/bin/sh",
  "rm -rf /",
  "address",
  "addr",
  "route",
  "rule",
  "link",
  "monitor",
  "help",
  "show",
  "list",
  "save",
  "restore",
  "#",
  "~",
  "*",
  "?",
  "[a]",
  "!",
  "=",
  ",",
  "%eth0",
  "@",
  ":",
  "/",
  "..",
  "../../etc",
  "%00",
  "%0a",
  // References, sysctl and link syntax out of place.
  "@@",
  "@.",
  "@-",
  "@_",
  "@wan",
  "@wan.ip",
  "@wan.gateway6",
  "@my.net",
  "@vpn",
  "a@",
  "net.",
  "net/",
  "net/..",
  "kernel.panic=1",
  "net.ipv4.ip_forward=1",
  "/proc/sys",
  "name",
  "master",
  "nomaster",
  "mtu",
  "up",
  "on",
  "off",
];

// Characters that look like something harmless or like a separator, but are not ASCII.
const CONFUSABLES = [
  "\uff1b",
  "\uff04",
  "\uff5c",
  "\uff06",
  "\uff1e",
  "\u037e",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u00a0",
  "\u2028",
  "\u2029",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\u180e",
  "\u3000",
  "\u2010",
  "\u2212",
  "\u2013",
  "\u2044",
  "\uff0f",
  "\u0430dd",
  "\uff41\uff44\uff44",
  "r\u043eute",
  "\u0455h",
  "\u2024",
  "\u0660",
  "\ud800",
  "\udfff",
  "\ud83d\ude00",
  "e\u0301",
  "\u{e0041}",
  "\uff20",
  "\ufe6b",
];

const VALID_PARTS = [
  "add 10.0.0.0/8 via 1.2.3.4 dev eth0",
  "add 10.0.1.4/16 dev eth0",
  "del default",
  "delete default",
  "add default via 33.156.88.1",
  "add from 10.0.0.5 table 100",
  "flush dev eth0",
  "-4 add 10.0.0.1/32 dev eth0",
  "-6 add fd00::1/64 dev eth0",
  "-6 add ::/0 via fe80::1%eth0",
  "add ::/0 via fe80::1",
  "replace default via 172.20.20.1 metric 100",
  "add $VPN_IP/16 via ${INT_IF_IP}",
  "prepend ${VPN_IP}/24 via $INT_IF_IP",
  "add default via @wan.gateway dev @wan",
  "add from @wan.ip table 100",
  "set eth0 mtu 1400",
  "set dev @wan up",
  "net.ipv4.ip_forward=1",
  "net.ipv4.conf.@wan.rp_filter=2",
  "wan,lan",
  "@wan",
];

export const OTHER_VERBS = ["show", "list", "get", "save", "restore", "exec", "help", "monitor", "a", "ad", "fl", "ADD", "Add"];

/** Names labels may be allowed to read. Includes names that exist on Object.prototype. */
export const ALLOWED_POOL = ["VPN_IP", "INT_IF_IP", "DEV", "X", "_", "constructor", "toString", "__proto__"];
/** Names that are set in the environment but never allowed. */
export const SECRET_POOL = ["SECRET", "REDIS_PASSWORD", "PATH", "HOME", "DOCKER_HOST", "AWS_SECRET_ACCESS_KEY", "valueOf"];
const REFERENCED_NAMES = [...ALLOWED_POOL, ...SECRET_POOL, "VAR", "UNSET", "hasOwnProperty", "a1", "A_B"];

/** Network names references use; networkList() attaches most of them ("vpn" and "corp.vpn" never). */
export const NETWORK_NAMES = ["wan", "lan", "proj_wan", "my", "my.net", "vpn", "corp.vpn", "9net"];
const ATTRIBUTES = ["", ".ip", ".prefix", ".gateway", ".subnet", ".mac", ".ip6", ".prefix6", ".gateway6", ".subnet6", ".rp_filter"];

export const blank = fc.constantFrom(" ", " ", " ", "\t", "  ", " \t ");

export const safeWord = fc.stringMatching(/^[A-Za-z0-9_.:/%@+=,][A-Za-z0-9_.:/%@+=,-]{0,15}$/).filter((word) => word !== "netns");

/** `@<network>[.attribute]`, as written in a label. */
export const networkReference = fc
  .tuple(fc.constantFrom(...NETWORK_NAMES), fc.constantFrom(...ATTRIBUTES))
  .map(([name, attribute]) => `@${name}${attribute}`);

export const variableReference = fc.oneof(
  fc.constantFrom(...REFERENCED_NAMES).map((name) => `$${name}`),
  fc.constantFrom(...REFERENCED_NAMES).map((name) => `\${${name}}`),
  fc
    .tuple(fc.constantFrom(...REFERENCED_NAMES), fc.constantFrom("/16", "-x", ":1", "x", "$", "}", ";", "{"))
    .map(([name, suffix]) => `\${${name}}${suffix}`),
  fc.constantFrom("$", "$$", "${", "${}", "$1", "${1}", "${ X}", "${X", "$-", "$$$", "$$VPN_IP", "$$$VPN_IP"),
);

export const hostileFragment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...DANGEROUS) },
  { weight: 3, arbitrary: fc.constantFrom(...ALL_VERBS, ...OTHER_VERBS) },
  { weight: 3, arbitrary: safeWord },
  { weight: 3, arbitrary: variableReference },
  { weight: 1, arbitrary: networkReference },
  { weight: 2, arbitrary: fc.constantFrom(...VALID_PARTS) },
  { weight: 2, arbitrary: fc.constantFrom(...CONFUSABLES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);

const separator = fc.constantFrom("", " ", " ", " ", "\t", ";", " ; ", ";;", "\n", "  ", ",", "=");

/** Text assembled from hostile fragments and separators. */
export const hostileText = fc
  .array(fc.tuple(hostileFragment, separator), { maxLength: 24 })
  .map((pairs) => pairs.map(([fragment, sep]) => fragment + sep).join(""));

/** A part that is usually accepted by some ip label: optional family, verb, plain words, some references. */
const nearValidPart = fc
  .tuple(
    fc.constantFrom("", "", "", "-4 ", "-6 ", "-4\t"),
    fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...ALL_VERBS) }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_VERBS) }),
    fc.array(
      fc.oneof(
        { weight: 12, arbitrary: safeWord },
        { weight: 4, arbitrary: variableReference },
        { weight: 2, arbitrary: networkReference },
        { weight: 1, arbitrary: hostileFragment },
      ),
      { maxLength: 8 },
    ),
    blank,
  )
  .map(([family, verb, words, sep]) => `${family}${[verb, ...words].join(sep)}`);

const nearValidValue = fc
  .array(fc.tuple(fc.constantFrom("", " ", "\t"), nearValidPart, fc.constantFrom("", " ", ";", " ; ")), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.map(([before, part, after]) => before + part + after).join(";"));

/** Values at the edges of the limits: argument count and length, part length, parts, label length. */
export const boundaryValue = fc.oneof(
  fc
    .integer({ min: LABEL_LIMITS.maxArguments - 4, max: LABEL_LIMITS.maxArguments + 4 })
    .map((count) => `add ${Array.from({ length: count - 1 }, (_, index) => `a${index}`).join(" ")}`),
  fc
    .integer({ min: LABEL_LIMITS.maxArgumentLength - 4, max: LABEL_LIMITS.maxArgumentLength + 4 })
    .map((length) => `add ${"1".repeat(length)} dev eth0`),
  fc.integer({ min: LABEL_LIMITS.maxPartLength - 4, max: LABEL_LIMITS.maxPartLength + 4 }).map((length) => `add${" ".repeat(length - 10)}1.2.3.4`),
  fc.integer({ min: LABEL_LIMITS.maxParts - 4, max: LABEL_LIMITS.maxParts + 4 }).map((count) => "add 1.2.3.4;".repeat(count)),
  fc.integer({ min: LABEL_LIMITS.maxLabelLength - 4, max: LABEL_LIMITS.maxLabelLength + 4 }).map((length) => {
    const part = `add ${"1".repeat(250)};`;
    const body = part.repeat(Math.floor(length / part.length));
    return body + " ".repeat(length - body.length);
  }),
  fc.integer({ min: 250, max: 262 }).map((length) => `net.ipv4.ip_forward=${"1".repeat(length)}`),
  fc.integer({ min: 14, max: 18 }).map((count) => Array.from({ length: count }, (_, index) => `n${index}`).join(",")),
);

export const labelValue = fc.oneof(
  { weight: 1, arbitrary: boundaryValue },
  { weight: 4, arbitrary: nearValidValue },
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 32 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(";", " ", "$", "{", "}", "-", "\t", "a", "\\", "@", ",", "=", "."), maxLength: 40 }),
  },
);

const unknownDockerEventsKey = fc.oneof(
  fc.constantFrom(
    "docker-events.routes",
    "docker-events.addr",
    "docker-events.adress",
    "docker-events.hostroute",
    "docker-events.host_route",
    "docker-events.host_rule",
    "docker-events.links",
    "docker-events.sysctls",
    "docker-events.reply_via",
    "docker-events.Route",
    "docker-events.ROUTE",
    "docker-events.",
    "docker-events.route ",
    "docker-events.rules",
    "docker-events.__proto__",
    "docker-events.constructor",
    "docker-events.route\u200b",
    "docker-events.r\u043eute",
    "docker-events.route\n",
  ),
  fc.string({ maxLength: 20 }).map((suffix) => `docker-events.${suffix}`),
  fc.string({ unit: "binary", maxLength: 12 }).map((suffix) => `docker-events.${suffix}`),
);

export const unrelatedKey = fc.oneof(
  fc.constantFrom(
    "com.example.route",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "maintainer",
    "org.opencontainers.image.title",
    "docker-events",
    "docker-events-route",
    "Docker-Events.route",
    " docker-events.route",
    "dehandler.route",
    "com.docker.compose.project",
    "",
  ),
  fc.string({ maxLength: 20 }),
);

export const knownKey = fc.constantFrom(...EXPECTED_ORDER);

export function labelsFrom(entries: readonly (readonly [string, string])[]): Record<string, string> {
  // fromEntries defines own properties, so "__proto__" is a key like any other here.
  return Object.fromEntries(entries);
}

export const hostileLabels = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(knownKey, labelValue) },
      { weight: 1, arbitrary: fc.tuple(unknownDockerEventsKey, labelValue) },
      { weight: 1, arbitrary: fc.tuple(unrelatedKey, labelValue) },
    ),
    { maxLength: 8 },
  )
  .map(labelsFrom);
