// fast-check generators of labels and variables for the properties in label-properties.ts: hostile
// text, near-valid parts for each label syntax, inputs at and past the limits, and the networks a
// container could have for resolvePlan.
import fc from "fast-check";
import type { LabelKey } from "../src/label-kinds.js";
import { LABEL_LIMITS } from "../src/limits.js";
import type { LabelVariables } from "../src/plan-types.js";
import type { ContainerNetwork } from "../src/references/container-network.js";
import { ALL_VERBS, EXPECTED_ORDER, EXPECTED_SPECS, LINK_SETTINGS } from "./label-expectations.js";

const DANGEROUS = [
  ";", ";;", " ; ", "$(", "$(id)", "$(reboot)", "`", "`id`", "|", "| sh", "||", "&", "&&", "&& reboot", ">", ">>",
  "> /etc/passwd", "<", "< /etc/shadow", "(", ")", "{", "}", "\n", "\r", "\r\n", "\0", "\t", "\v", "\f", "\x1b[2J",
  "\x7f", "\x85", "$VAR", "${VAR}", "$$", "${", "$", "$1", "${}", "${VAR:-x}", "${VAR/a/b}", "${!VAR}", "$?", "$@",
  "$*", "$#", "$-", "'", '"', "\\", "\\n", "\\;", "-batch", "-b", "-force", "-n", "-netns", "-N", "-all", "--",
  "-", "-4", "-6", "-0", "-family", "netns", "exec", "ip", "sh -c", "/bin/sh", "rm -rf /", "address", "addr", "route",
  "rule", "link", "monitor", "help", "show", "list", "save", "restore", "#", "~", "*", "?", "[a]", "!", "=", ",",
  "%eth0", "@", ":", "/", "..", "../../etc", "%00", "%0a",
  // References, sysctl and link syntax out of place.
  "@@", "@.", "@-", "@_", "@wan", "@wan.ip", "@wan.gateway6", "@my.net", "@vpn", "a@", "net.", "net/", "net/..",
  "kernel.panic=1", "net.ipv4.ip_forward=1", "/proc/sys", "name", "master", "nomaster", "mtu", "up", "on", "off",
];

// Characters that look like something harmless or like a separator, but are not ASCII.
const CONFUSABLES = [
  "\uff1b", "\uff04", "\uff5c", "\uff06", "\uff1e", "\u037e", "\u200b", "\u200c", "\u200d", "\u00a0", "\u2028",
  "\u2029", "\u202e", "\u2066", "\ufeff", "\u180e", "\u3000", "\u2010", "\u2212", "\u2013", "\u2044", "\uff0f",
  "\u0430dd", "\uff41\uff44\uff44", "r\u043eute", "\u0455h", "\u2024", "\u0660", "\ud800", "\udfff", "\ud83d\ude00",
  "e\u0301", "\u{e0041}", "\uff20", "\ufe6b",
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

const OTHER_VERBS = ["show", "list", "get", "save", "restore", "exec", "help", "monitor", "a", "ad", "fl", "ADD", "Add"];

/** Names labels may be allowed to read. Includes names that exist on Object.prototype. */
export const ALLOWED_POOL = ["VPN_IP", "INT_IF_IP", "DEV", "X", "_", "constructor", "toString", "__proto__"];
/** Names that are set in the environment but never allowed. */
const SECRET_POOL = ["SECRET", "REDIS_PASSWORD", "PATH", "HOME", "DOCKER_HOST", "AWS_SECRET_ACCESS_KEY", "valueOf"];
const REFERENCED_NAMES = [...ALLOWED_POOL, ...SECRET_POOL, "VAR", "UNSET", "hasOwnProperty", "a1", "A_B"];

/** Network names references use; networkList() attaches most of them ("vpn" and "corp.vpn" never). */
export const NETWORK_NAMES = ["wan", "lan", "proj_wan", "my", "my.net", "vpn", "corp.vpn", "9net"];
const ATTRIBUTES = ["", ".ip", ".prefix", ".gateway", ".subnet", ".mac", ".ip6", ".prefix6", ".gateway6", ".subnet6", ".rp_filter"];

export const blank = fc.constantFrom(" ", " ", " ", "\t", "  ", " \t ");

export const safeWord = fc
  .stringMatching(/^[A-Za-z0-9_.:/%@+=,][A-Za-z0-9_.:/%@+=,-]{0,15}$/)
  .filter((word) => word !== "netns");

/** `@<network>[.attribute]`, as written in a label. */
export const networkReference = fc
  .tuple(fc.constantFrom(...NETWORK_NAMES), fc.constantFrom(...ATTRIBUTES))
  .map(([name, attribute]) => `@${name}${attribute}`);

const variableReference = fc.oneof(
  fc.constantFrom(...REFERENCED_NAMES).map((name) => `$${name}`),
  fc.constantFrom(...REFERENCED_NAMES).map((name) => `\${${name}}`),
  fc.tuple(fc.constantFrom(...REFERENCED_NAMES), fc.constantFrom("/16", "-x", ":1", "x", "$", "}", ";", "{")).map(
    ([name, suffix]) => `\${${name}}${suffix}`,
  ),
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
    fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...ALL_VERBS) },
      { weight: 1, arbitrary: fc.constantFrom(...OTHER_VERBS) },
    ),
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

const LONG_UNITS = [
  "$", "${", ";", " ", "\t", "$$", "a", "-", "$X", "${X}", "add 1.2.3.4 ", "add 1.2.3.4;", "\n", "\0", "`", "a ",
  "a;", "-batch ", "${X", "\u00a0", "\ud83d\ude00", "\ud800", "\u00e9", "$(", ";add ", "add $X", "add ${X}/8;",
  "${VPN_IP}", "$VPN_IP$VPN_IP", "$$$", " ;", "add ", "-4 ", "\\", "@", "@wan", "@a.", "a,", "wan,", "net.", "=",
  "net.ipv4.ip_forward=1;", "set eth0 up;", "add @wan.ip6 dev @wan;",
];

/** A run of one unit, or of a hostile chunk, up to 2 × maxLabelLength characters. */
const longRun = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...LONG_UNITS) }, { weight: 1, arbitrary: hostileText }),
    fc.integer({ min: 1, max: 2 * LABEL_LIMITS.maxLabelLength }),
    fc.constantFrom("", "", "add 10.0.0.1 ", "add ", "; ", "$", "net.", "set "),
  )
  .map(([unit, length, prefix]) => {
    const body = unit === "" ? "" : unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    return (prefix + body).slice(0, 2 * LABEL_LIMITS.maxLabelLength);
  });

/** Far past the limits: 100 KB of "$", 50k "${", 10k ";", long blank runs, many tiny parts. */
const pathological = fc
  .constantFrom<[string, number]>(
    ["$", 100_000],
    ["${", 50_000],
    [";", 10_000],
    [";", 100_000],
    [" ", 100_000],
    ["\t", 32_768],
    [" \t", LABEL_LIMITS.maxLabelLength / 2],
    ["a;", LABEL_LIMITS.maxLabelLength / 2],
    ["a,", LABEL_LIMITS.maxLabelLength / 2],
    ["a ", LABEL_LIMITS.maxLabelLength / 2],
    ["$X", LABEL_LIMITS.maxLabelLength / 2],
    ["$$", LABEL_LIMITS.maxLabelLength / 2],
    ["@a", LABEL_LIMITS.maxLabelLength / 2],
    ["${X}", LABEL_LIMITS.maxLabelLength / 4],
    ["$VPN_IP", Math.floor(LABEL_LIMITS.maxLabelLength / 7)],
    ["${", LABEL_LIMITS.maxLabelLength / 2],
    ["${" + "a".repeat(1000) + ";", 16],
    ["add " + "$X".repeat(510) + ";", 15],
    ["add " + "a ".repeat(510) + ";", 15],
    ["add " + "@a".repeat(510) + ";", 15],
    ["add " + "x".repeat(1019) + ";", 16],
    ["net." + "a.".repeat(500) + "x=1;", 16],
    ["add 1.2.3.4;", 256],
    ["add 1.2.3.4;", 257],
    ["-", 100_000],
  )
  .map(([unit, count]) => unit.repeat(count));

/** Values at the edges of the limits: argument count and length, part length, parts, label length. */
export const boundaryValue = fc.oneof(
  fc.integer({ min: LABEL_LIMITS.maxArguments - 4, max: LABEL_LIMITS.maxArguments + 4 }).map(
    (count) => `add ${Array.from({ length: count - 1 }, (_, index) => `a${index}`).join(" ")}`,
  ),
  fc.integer({ min: LABEL_LIMITS.maxArgumentLength - 4, max: LABEL_LIMITS.maxArgumentLength + 4 }).map(
    (length) => `add ${"1".repeat(length)} dev eth0`,
  ),
  fc.integer({ min: LABEL_LIMITS.maxPartLength - 4, max: LABEL_LIMITS.maxPartLength + 4 }).map(
    (length) => `add${" ".repeat(length - 10)}1.2.3.4`,
  ),
  fc.integer({ min: LABEL_LIMITS.maxParts - 4, max: LABEL_LIMITS.maxParts + 4 }).map((count) =>
    "add 1.2.3.4;".repeat(count),
  ),
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

const hostileLabels = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(knownKey, labelValue) },
      { weight: 1, arbitrary: fc.tuple(unknownDockerEventsKey, labelValue) },
      { weight: 1, arbitrary: fc.tuple(unrelatedKey, labelValue) },
    ),
    { maxLength: 8 },
  )
  .map(labelsFrom);

// ---------------------------------------------------------------------------------------------
// Mostly acceptable parts, one generator per label syntax, so that accepted plans are common.

function allowedVariable(names: readonly string[]): fc.Arbitrary<string> {
  return names.length === 0
    ? variableReference
    : fc.oneof(
        fc.constantFrom(...names).map((name) => `$${name}`),
        fc.tuple(fc.constantFrom(...names), fc.constantFrom("", "/16", "/32", "x", ":1")).map(
          ([name, suffix]) => `\${${name}}${suffix}`,
        ),
      );
}

/** Words joined by one blank run, with an occasional hostile fragment spliced in. */
function withRareHostile(words: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return fc
    .tuple(words, fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.nat(), hostileFragment) }), blank)
    .map(([all, hostile, sep]) => {
      if (hostile !== null) all.splice(hostile[0] % (all.length + 1), 0, hostile[1]);
      return all.join(sep);
    });
}

const family = fc.constantFrom("", "", "", "-4 ", "-6 ", "-4\t");

function likelyValidIpPart(key: LabelKey, names: readonly string[]): fc.Arbitrary<string> {
  const spec = EXPECTED_SPECS[key];
  const verbs = spec.syntax === "ip" ? spec.verbs : ALL_VERBS;
  const words = fc
    .tuple(
      fc.oneof(
        { weight: 19, arbitrary: fc.constantFrom(...verbs) },
        { weight: 1, arbitrary: fc.constantFrom(...ALL_VERBS, ...OTHER_VERBS) },
      ),
      fc.array(
        fc.oneof(
          { weight: 6, arbitrary: safeWord },
          { weight: 2, arbitrary: allowedVariable(names) },
          { weight: 1, arbitrary: networkReference },
        ),
        { maxLength: 8 },
      ),
    )
    .map(([verb, rest]) => [verb, ...rest]);
  return fc.tuple(family, withRareHostile(words)).map(([stated, text]) => stated + text);
}

const LINK_VALUES: Readonly<Record<string, readonly string[]>> = {
  mtu: ["1400", "1500", "9000", "68"],
  txqueuelen: ["0", "1000"],
  txqlen: ["500"],
  address: ["02:42:ac:11:00:02", "@wan.mac", "00:00:00:00:00:00"],
  broadcast: ["ff:ff:ff:ff:ff:ff"],
  alias: ["uplink", "wan0", "x"],
  arp: ["on", "off"],
  multicast: ["on", "off"],
  allmulticast: ["on", "off"],
  promisc: ["on", "off"],
};

/** `set [dev] <device> <setting> [value]…`, with the occasional unsupported setting. */
const linkSetting = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...Object.keys(LINK_SETTINGS)) },
  { weight: 1, arbitrary: fc.constantFrom("name", "master", "netns", "vf", "UP", "type") },
).chain((setting) =>
  fc.constantFrom(...(LINK_VALUES[setting] ?? [""])).map((value) => (value === "" ? [setting] : [setting, value])),
);

function likelyValidLinkPart(names: readonly string[]): fc.Arbitrary<string> {
  const device = fc.oneof(
    fc.constantFrom("eth0", "eth0.100", "wg0", "lo"),
    fc.constantFrom(...NETWORK_NAMES).map((name) => `@${name}`),
    allowedVariable(names),
  );
  const words = fc
    .tuple(fc.constantFrom(["set"], ["set", "dev"]), device, fc.array(linkSetting, { minLength: 1, maxLength: 4 }))
    .map(([verb, dev, settings]) => [...verb, dev, ...settings.flat()]);
  return fc.tuple(family, withRareHostile(words)).map(([stated, text]) => stated + text);
}

const SYSCTL_KEYS = [
  "net.ipv4.ip_forward",
  "net.ipv4.conf.all.rp_filter",
  "net.ipv4.conf.@wan.rp_filter",
  "net/ipv4/conf/@my.net/rp_filter",
  "net.ipv6.conf.@lan.accept_ra",
  "net.ipv6.conf.all.disable_ipv6",
  "net/ipv4/conf/eth0.100/arp_ignore",
  "net.core.somaxconn",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.conf.$DEV.rp_filter",
  "net.ipv4.conf.@vpn.rp_filter",
  "kernel.panic",
  "net..x",
  "net/../kernel/panic",
];

function likelyValidSysctlPart(names: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SYSCTL_KEYS) }, { weight: 1, arbitrary: safeWord.map((word) => `net.${word}`) }),
      fc.constantFrom("=", " = ", "\t=", "= "),
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom("0", "1", "2", "4096", "32768 60999", "bbr", "a:b,c/d-e_f.g") },
        { weight: 1, arbitrary: allowedVariable(names) },
        { weight: 1, arbitrary: hostileFragment },
      ),
    )
    .map(([key, equals, value]) => key + equals + value);
}

function likelyValidReplyVia(): fc.Arbitrary<string> {
  const entry = fc.oneof(
    { weight: 9, arbitrary: fc.tuple(fc.constantFrom("", "@"), fc.constantFrom(...NETWORK_NAMES)).map(([at, name]) => at + name) },
    { weight: 1, arbitrary: hostileFragment },
  );
  return fc
    .array(fc.tuple(fc.constantFrom("", " ", "\t"), entry, fc.constantFrom(",", ",", ";", " , ")), { minLength: 1, maxLength: 4 })
    .map((entries) => entries.map(([before, name, sep]) => before + name + sep).join("").replace(/[,; ]+$/, ""));
}

function likelyValidPart(key: LabelKey, names: readonly string[]): fc.Arbitrary<string> {
  const spec = EXPECTED_SPECS[key];
  if (spec.syntax === "sysctl") return likelyValidSysctlPart(names);
  if (spec.syntax === "ip" && spec.object === "link") return likelyValidLinkPart(names);
  return likelyValidIpPart(key, names);
}

function likelyValidValue(key: LabelKey, names: readonly string[]): fc.Arbitrary<string> {
  if (EXPECTED_SPECS[key].syntax === "reply-via") return likelyValidReplyVia();
  return fc
    .array(
      fc.tuple(fc.constantFrom("", " ", "\t"), likelyValidPart(key, names), fc.constantFrom("", "", " ", ";", " ; ")),
      { minLength: 1, maxLength: 4 },
    )
    .map((parts) => parts.map(([before, part, after]) => before + part + after).join(";"));
}

/** Known keys with mostly acceptable values (given the allowed names), so that accepted plans are common. */
function mostlyValidLabels(names: readonly string[]): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(
      fc.shuffledSubarray([...EXPECTED_ORDER], { minLength: 1, maxLength: 4 }).chain((keys) =>
        fc.tuple(
          ...keys.map((key) =>
            fc
              .oneof({ weight: 15, arbitrary: likelyValidValue(key, names) }, { weight: 1, arbitrary: boundaryValue })
              .map((value) => [key, value] as const),
          ),
        ),
      ),
      fc.array(fc.tuple(unrelatedKey, labelValue), { maxLength: 2 }),
    )
    .map(([known, other]) => labelsFrom([...other, ...known]));
}

// ---------------------------------------------------------------------------------------------
// Variables, with secrets that must never show up.

const plainValue = fc.oneof(
  fc.constantFrom("10.0.8.0", "172.20.20.1", "eth0", "fd00::1", "default", "100", "1.2.3.4/8", "@wan", "wan"),
  safeWord,
);

/** A value an operator might allow, or hostile text in an allowed variable. */
const variableValue = fc.oneof(
  { weight: 9, arbitrary: plainValue },
  { weight: 2, arbitrary: hostileText.map((text) => text.slice(0, 45)) },
  { weight: 1, arbitrary: fc.constantFrom("", "   ", "1.2.3.4;reboot", "x -batch", "x netns y", "-force", "$(id)", "@", "1=2") },
  { weight: 1, arbitrary: fc.constantFrom("add 1.2.3.4 dev eth0", "eth0\n", "1.2.3.4 ", "\t1.2.3.4", "$OTHER") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);

const hexToken = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 12, maxLength: 12 });

/** What must never show up: the value (or the start of it) of a variable that is set but not allowed. */
const SECRET_TAILS = [
  "",
  " -batch /etc/passwd",
  ";reboot",
  "$(id)",
  " ; add 6.6.6.6/32 dev eth0",
  "\nadd 1.1.1.1",
  " netns evil",
  "=1",
  ",wan",
];

export interface LabelInput {
  labels: Record<string, string>;
  variables: LabelVariables;
  /** Values of names set in `values` but not allowed; `marker` is a unique token inside each. */
  secrets: readonly { name: string; marker: string }[];
}

const variablesAndSecrets = fc
  .tuple(
    fc.subarray(ALLOWED_POOL),
    fc.oneof(
      fc.array(fc.option(variableValue, { nil: undefined, freq: 6 }), {
        minLength: ALLOWED_POOL.length,
        maxLength: ALLOWED_POOL.length,
      }),
      fc.array(plainValue, { minLength: ALLOWED_POOL.length, maxLength: ALLOWED_POOL.length }),
    ),
    fc.uniqueArray(fc.constantFrom(...SECRET_POOL), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(hexToken, fc.constantFrom(...SECRET_TAILS)), {
      minLength: ALLOWED_POOL.length + SECRET_POOL.length,
      maxLength: ALLOWED_POOL.length + SECRET_POOL.length,
    }),
    fc.boolean(),
  )
  .map(([allowed, poolValues, secretNames, tokens, omitUnset]) => {
    const entries: [string, string | undefined][] = [];
    const secrets: { name: string; marker: string }[] = [];
    const secretValue = (name: string, slot: number): string => {
      const [hex, tail] = tokens[slot] ?? ["000000000000", ""];
      const marker = `S3CRET${hex}`;
      secrets.push({ name, marker });
      return marker + tail;
    };
    ALLOWED_POOL.forEach((name, index) => {
      if (allowed.includes(name)) {
        const value = poolValues[index];
        if (value !== undefined || !omitUnset) entries.push([name, value]);
      } else {
        // A pool name that was not allowed this time is as secret as any other.
        entries.push([name, secretValue(name, index)]);
      }
    });
    secretNames.forEach((name, index) => entries.push([name, secretValue(name, ALLOWED_POOL.length + index)]));
    const variables: LabelVariables = { allowed, values: Object.fromEntries(entries) };
    return { variables, secrets };
  });

export const labelInput: fc.Arbitrary<LabelInput> = variablesAndSecrets.chain(({ variables, secrets }) =>
  fc
    .oneof({ weight: 1, arbitrary: hostileLabels }, { weight: 1, arbitrary: mostlyValidLabels(variables.allowed) })
    .map((labels) => ({ labels, variables, secrets })),
);

/** Inputs for the timing property: long and pathological label values, long keys. */
export const longLabelInput: fc.Arbitrary<LabelInput> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.tuple(knownKey, fc.oneof(longRun, pathological, labelValue)) },
        {
          weight: 1,
          arbitrary: fc.tuple(
            fc.tuple(fc.constantFrom("docker-events.", "docker-events.route", ""), longRun).map(([a, b]) => a + b),
            labelValue,
          ),
        },
      ),
      { minLength: 1, maxLength: 5 },
    ),
    variablesAndSecrets,
  )
  .map(([entries, { variables, secrets }]) => ({ labels: labelsFrom(entries), variables, secrets }));

// ---------------------------------------------------------------------------------------------
// The networks a container could be attached to, for resolvePlan.

const ipv4Address = fc.constantFrom(
  { address: "172.18.0.5", prefixLength: 16, gateway: "172.18.0.1" },
  { address: "10.1.2.3", prefixLength: 24, gateway: undefined },
  { address: "192.168.7.9", prefixLength: 32, gateway: "192.168.7.1" },
);
const ipv6Address = fc.constantFrom(
  { address: "fd00:1::5", prefixLength: 64, gateway: "fd00:1::1" },
  { address: "2001:db8:0:1::9", prefixLength: 48, gateway: undefined },
);

/** Attached networks named from NETWORK_NAMES (never "vpn"), some with a compose alias. */
export const networkList: fc.Arbitrary<ContainerNetwork[]> = fc
  .subarray(["wan", "lan", "my", "my.net", "9net"], { minLength: 0 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.record({
          name: fc.constant(name),
          aliases: fc.constant<readonly string[]>([]),
          interface: fc.option(fc.constantFrom("eth0", "eth1", "eth0.100", "wg-x"), { nil: undefined, freq: 8 }),
          mac: fc.option(fc.constant("02:42:ac:12:00:05"), { nil: undefined, freq: 8 }),
          ipv4: fc.option(ipv4Address, { nil: undefined, freq: 8 }),
          ipv6: fc.option(ipv6Address, { nil: undefined, freq: 2 }),
        }),
      ),
    ),
  )
  .map((networks) =>
    // Compose names the engine network `<project>_<name>`; labels may use either.
    networks.map((network) => (network.name === "wan" ? { ...network, name: "proj_wan", aliases: ["wan"] } : network)),
  );
