// fast-check generators of mostly acceptable labels, one generator per label syntax (ip, ip link,
// sysctl, reply-via), so that accepted plans are common in the properties of label-properties.ts.
import fc from "fast-check";
import type { LabelKey } from "../src/label-kinds.js";
import { ALL_VERBS, EXPECTED_ORDER, EXPECTED_SPECS, LINK_SETTINGS } from "./label-expectations.js";
import {
  blank,
  boundaryValue,
  hostileFragment,
  labelsFrom,
  labelValue,
  NETWORK_NAMES,
  networkReference,
  OTHER_VERBS,
  safeWord,
  unrelatedKey,
  variableReference,
} from "./label-text-generators.js";

function allowedVariable(names: readonly string[]): fc.Arbitrary<string> {
  return names.length === 0
    ? variableReference
    : fc.oneof(
        fc.constantFrom(...names).map((name) => `$${name}`),
        fc.tuple(fc.constantFrom(...names), fc.constantFrom("", "/16", "/32", "x", ":1")).map(([name, suffix]) => `\${${name}}${suffix}`),
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
      fc.oneof({ weight: 19, arbitrary: fc.constantFrom(...verbs) }, { weight: 1, arbitrary: fc.constantFrom(...ALL_VERBS, ...OTHER_VERBS) }),
      fc.array(
        fc.oneof({ weight: 6, arbitrary: safeWord }, { weight: 2, arbitrary: allowedVariable(names) }, { weight: 1, arbitrary: networkReference }),
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
const linkSetting = fc
  .oneof(
    { weight: 9, arbitrary: fc.constantFrom(...Object.keys(LINK_SETTINGS)) },
    { weight: 1, arbitrary: fc.constantFrom("name", "master", "netns", "vf", "UP", "type") },
  )
  .chain((setting) => fc.constantFrom(...(LINK_VALUES[setting] ?? [""])).map((value) => (value === "" ? [setting] : [setting, value])));

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
    .map((entries) =>
      entries
        .map(([before, name, sep]) => before + name + sep)
        .join("")
        .replace(/[,; ]+$/, ""),
    );
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
    .array(fc.tuple(fc.constantFrom("", " ", "\t"), likelyValidPart(key, names), fc.constantFrom("", "", " ", ";", " ; ")), {
      minLength: 1,
      maxLength: 4,
    })
    .map((parts) => parts.map(([before, part, after]) => before + part + after).join(";"));
}

/** Known keys with mostly acceptable values (given the allowed names), so that accepted plans are common. */
export function mostlyValidLabels(names: readonly string[]): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(
      fc
        .shuffledSubarray([...EXPECTED_ORDER], { minLength: 1, maxLength: 4 })
        .chain((keys) =>
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
