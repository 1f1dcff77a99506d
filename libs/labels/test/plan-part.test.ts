import { describe, expect, it } from "vitest";
import { LabelError } from "../src/errors/label-error.js";
import type { LabelErrorCode } from "../src/errors/label-error.js";
import { labelKind } from "../src/label-kinds.js";
import type { LabelKey } from "../src/label-kinds.js";
import { planFromLabels } from "../src/plan-from-labels.js";
import { planPart } from "../src/plan-part.js";
import type { LabelVariables, PlannedCommand } from "../src/plan-types.js";

const variables: LabelVariables = {
  allowed: ["VPN_IP", "GW", "IF", "EMPTY", "UNSET", "SPACES", "WEIRD"],
  values: {
    VPN_IP: "10.0.8.0",
    GW: "172.20.20.1",
    IF: "eth0",
    EMPTY: "",
    SPACES: "   ",
    WEIRD: "1.2.3.4;reboot",
    REDIS_PASSWORD: "hunter2",
  },
};

/** Keys whose value is a list of `;`-separated parts (every kind but the reply-via preset). */
type PartKey = Exclude<LabelKey, "docker-events.reply-via">;

function partKind(key: PartKey) {
  const kind = labelKind(key);
  if (kind.syntax.kind === "reply-via") throw new TypeError(`${key} has no parts`);
  return { ...kind, syntax: kind.syntax };
}

function plan(key: PartKey, text: string): PlannedCommand | LabelError {
  return planPart(partKind(key), 2, text, variables);
}

const HOST_KEYS: readonly string[] = ["docker-events.host-route", "docker-events.host-rule"];

type Planned = Pick<PlannedCommand, "argv"> & Partial<Pick<PlannedCommand, "action" | "undoArgv" | "hasReferences">>;

describe("planPart accepts", () => {
  it.each<[PartKey, string, Planned]>([
    ["docker-events.address", "add 10.0.1.4/16 dev eth0", { argv: ["address", "add", "10.0.1.4/16", "dev", "eth0"] }],
    ["docker-events.address", "flush dev eth1", { argv: ["address", "flush", "dev", "eth1"] }],
    ["docker-events.address", "add fd00::5/64 dev eth0", { argv: ["-6", "address", "add", "fd00::5/64", "dev", "eth0"] }],
    ["docker-events.route", "add default via 33.156.88.1", { argv: ["route", "add", "default", "via", "33.156.88.1"] }],
    ["docker-events.route", "-6 add ::/0 via fe80::1%eth0", { argv: ["-6", "route", "add", "::/0", "via", "fe80::1%eth0"] }],
    ["docker-events.route", "add ::/0 via fe80::1", { argv: ["-6", "route", "add", "::/0", "via", "fe80::1"] }],
    ["docker-events.route", "add default via fe80::1%eth0", { argv: ["-6", "route", "add", "default", "via", "fe80::1%eth0"] }],
    ["docker-events.route", "-4\treplace  10.0.0.0/8   via 1.2.3.4", { argv: ["-4", "route", "replace", "10.0.0.0/8", "via", "1.2.3.4"] }],
    ["docker-events.route", "flush table 100", { argv: ["route", "flush", "table", "100"] }],
    [
      "docker-events.route",
      "add default via @wan.gateway dev @wan",
      { argv: ["route", "add", "default", "via", "@wan.gateway", "dev", "@wan"], hasReferences: true },
    ],
    ["docker-events.route", "add 10.0.0.0/8 dev $IF", { argv: ["route", "add", "10.0.0.0/8", "dev", "eth0"] }],
    ["docker-events.rule", "add from 10.0.0.5 table 100", { argv: ["rule", "add", "from", "10.0.0.5", "table", "100"] }],
    ["docker-events.rule", "add from fd00::/8 table 100", { argv: ["-6", "rule", "add", "from", "fd00::/8", "table", "100"] }],
    ["docker-events.rule", "add from @wan.ip table 100", { argv: ["rule", "add", "from", "@wan.ip", "table", "100"], hasReferences: true }],
    ["docker-events.link", "set dev eth0 mtu 1400", { argv: ["link", "set", "dev", "eth0", "mtu", "1400"] }],
    ["docker-events.link", "set @wan up", { argv: ["link", "set", "@wan", "up"], hasReferences: true }],
    [
      "docker-events.link",
      "set eth1 address 02:42:ac:11:00:02 arp off",
      { argv: ["link", "set", "eth1", "address", "02:42:ac:11:00:02", "arp", "off"] },
    ],
    [
      "docker-events.host-route",
      "add $VPN_IP/16 via ${GW}",
      { argv: ["route", "add", "10.0.8.0/16", "via", "172.20.20.1"], undoArgv: ["-4", "route", "del", "10.0.8.0/16", "via", "172.20.20.1"] },
    ],
    [
      "docker-events.host-route",
      "prepend ${VPN_IP}/24 via $GW",
      { argv: ["route", "prepend", "10.0.8.0/24", "via", "172.20.20.1"], undoArgv: ["-4", "route", "del", "10.0.8.0/24", "via", "172.20.20.1"] },
    ],
    ...(["append", "change", "replace"] as const).map((verb): [PartKey, string, Planned] => [
      "docker-events.host-route",
      `-4 ${verb} 10.9.0.0/16 via 1.2.3.4`,
      { argv: ["-4", "route", verb, "10.9.0.0/16", "via", "1.2.3.4"], undoArgv: ["-4", "route", "del", "10.9.0.0/16", "via", "1.2.3.4"] },
    ]),
    [
      "docker-events.host-route",
      "add fd00:9::/64 via fd00::1",
      { argv: ["-6", "route", "add", "fd00:9::/64", "via", "fd00::1"], undoArgv: ["-6", "route", "del", "fd00:9::/64", "via", "fd00::1"] },
    ],
    [
      "docker-events.host-route",
      "add 10.99.0.0/16 via @wan.ip",
      { argv: ["route", "add", "10.99.0.0/16", "via", "@wan.ip"], undoArgv: ["route", "del", "10.99.0.0/16", "via", "@wan.ip"], hasReferences: true },
    ],
    ["docker-events.host-route", "del 10.0.0.0/8", { argv: ["route", "del", "10.0.0.0/8"] }],
    ["docker-events.host-route", "delete 10.0.0.0/8", { argv: ["route", "delete", "10.0.0.0/8"] }],
    [
      "docker-events.host-rule",
      "add from 10.0.0.0/8 lookup 100",
      { argv: ["rule", "add", "from", "10.0.0.0/8", "lookup", "100"], undoArgv: ["-4", "rule", "del", "from", "10.0.0.0/8", "lookup", "100"] },
    ],
    ["docker-events.host-rule", "delete from 10.0.0.0/8", { argv: ["rule", "delete", "from", "10.0.0.0/8"] }],
    ["docker-events.sysctl", "net.ipv4.ip_forward=1", { action: "sysctl", argv: ["net/ipv4/ip_forward", "1"] }],
    ["docker-events.sysctl", "net.ipv4.conf.$IF.rp_filter = 2", { action: "sysctl", argv: ["net/ipv4/conf/eth0/rp_filter", "2"] }],
    [
      "docker-events.sysctl",
      "net.ipv4.conf.@wan.rp_filter=2",
      { action: "sysctl", argv: ["net.ipv4.conf.@wan.rp_filter", "2"], hasReferences: true },
    ],
    ["docker-events.sysctl", "net.ipv4.ip_local_port_range=32768 60999", { action: "sysctl", argv: ["net/ipv4/ip_local_port_range", "32768 60999"] }],
  ])("%s %j", (key, text, { action = "ip", argv, undoArgv, hasReferences = false }) => {
    expect(plan(key, text)).toEqual({
      label: key,
      partIndex: 2,
      partText: text,
      target: HOST_KEYS.includes(key) ? "host" : "container",
      action,
      argv,
      ...(undoArgv === undefined ? {} : { undoArgv }),
      hasReferences,
    });
  });
});

describe("planPart refuses", () => {
  // [code, label, part, tokens the message must name]
  it.each<[LabelErrorCode, PartKey, string, string[]]>([
    ["too-long", "docker-events.route", `add ${"1".repeat(1100)}`, ["1104 characters", "at most 1024"]],
    ["bad-character", "docker-events.route", "add default\nvia 1.2.3.4", ["U+000A", "newline"]],
    ["bad-character", "docker-events.route", "add default\rvia 1.2.3.4", ["U+000D", "carriage return"]],
    ["bad-character", "docker-events.route", "add\u0000default", ["U+0000"]],
    ["bad-character", "docker-events.route", "add\u0085default", ["U+0085"]],
    ["shell-syntax", "docker-events.route", "add default via $(id)", ['"$("', "without a shell"]],
    ["shell-syntax", "docker-events.route", "add default via `id`", ['"`"']],
    ["shell-syntax", "docker-events.route", "add default | sh", ['"|"']],
    ["shell-syntax", "docker-events.route", "add default && reboot", ['"&"']],
    ["shell-syntax", "docker-events.route", "add default > /etc/passwd", ['">"']],
    ["shell-syntax", "docker-events.route", "add default < x", ['"<"']],
    ["shell-syntax", "docker-events.sysctl", "net.ipv4.ip_forward=$(id)", ['"$("']],
    ["quoting", "docker-events.route", "add 'default'", ['"\'"', "split on whitespace"]],
    ["quoting", "docker-events.route", 'add "default"', ['"\\""', "quotes and escapes"]],
    ["quoting", "docker-events.route", "add default\\ via", ['"\\\\"']],
    ["variable-syntax", "docker-events.host-route", "add ${VPN_IP:-1.2.3.4}/16", ['"${VPN_IP:-1.2.3.4}"']],
    ["variable-syntax", "docker-events.host-route", "add ${VPN_IP/16", ['"${VPN_IP/16"']],
    ["variable-syntax", "docker-events.host-route", "add $1/16", ['"$1"']],
    ["variable-syntax", "docker-events.host-route", "add ${}/16", ['"${}"']],
    ["variable-syntax", "docker-events.host-route", "add 1.2.3.4 $", ['lone "$"']],
    ["variable-not-allowed", "docker-events.host-route", "add $REDIS_PASSWORD", ["$REDIS_PASSWORD", "DEHANDLER_LABEL_VARS"]],
    ["variable-not-allowed", "docker-events.host-route", "add ${PATH}", ["$PATH", "DEHANDLER_LABEL_VARS"]],
    ["variable-not-allowed", "docker-events.sysctl", "net.ipv4.conf.$REDIS_PASSWORD.rp_filter=1", ["$REDIS_PASSWORD"]],
    ["variable-unset", "docker-events.host-route", "add $UNSET/16", ["$UNSET", "not set"]],
    ["variable-unset", "docker-events.host-route", "add $EMPTY/16", ["$EMPTY", "empty"]],
    ["bad-character", "docker-events.route", "add $$ via 1.2.3.4", ['"$" (U+0024)']],
    ["bad-character", "docker-events.host-route", "add $WEIRD", ['";" (U+003B)', "after variable expansion"]],
    ["bad-character", "docker-events.route", "add 10.0.0.0/8 via 1.2.3.4 dev eth0\u200b", ["U+200B"]],
    ["bad-character", "docker-events.route", "add 10.0.0.0/8 dev 😀", ["U+1F600"]],
    ["bad-character", "docker-events.route", "add 10.0.0.0/8 dev \u202eeth0", ["U+202E"]],
    ["bad-character", "docker-events.route", "add 10.0.0.0/8 dev eth\u00a00", ["U+00A0"]],
    ["bad-character", "docker-events.route", "add * via 1.2.3.4", ['"*" (U+002A)']],
    ["too-many-arguments", "docker-events.route", `add ${"x ".repeat(48)}`, ["49 arguments", "at most 48"]],
    ["too-long", "docker-events.route", `add dev ${"e".repeat(257)}`, ["argument 2 is 257 characters", "at most 256"]],
    ["forbidden-option", "docker-events.route", "-batch /tmp/x", ['"-batch"', "-netns"]],
    ["forbidden-option", "docker-events.route", "add default via 1.2.3.4 -force", ['"-force"']],
    ["forbidden-option", "docker-events.route", "-4 -6 add default", ['"-6"']],
    ["forbidden-option", "docker-events.route", "add default dev eth0 netns 1", ['"netns"']],
    ["forbidden-option", "docker-events.link", "set eth0 netns 1", ['"netns"']],
    ["missing-verb", "docker-events.route", "-4", ['"-4"', "one of: add, append"]],
    ["missing-verb", "docker-events.host-route", "$SPACES", ["no verb", "one of: add"]],
    ["missing-verb", "docker-events.link", "-6", ['"-6"', "one of: set"]],
    ["unknown-verb", "docker-events.route", "show", ['"show"', "one of: add, append, change"]],
    ["unknown-verb", "docker-events.route", "a default via 1.2.3.4", ['"a"']],
    ["unknown-verb", "docker-events.route", "route add default", ['"route"', 'implies "ip route"']],
    ["unknown-verb", "docker-events.address", "address add 10.0.0.1/24 dev eth0", ['"address"', 'implies "ip address"']],
    ["unknown-verb", "docker-events.link", "link set eth0 up", ['"link"', 'implies "ip link"']],
    ["unknown-verb", "docker-events.link", "add eth0 type dummy", ['"add"', "one of: set"]],
    ["unknown-verb", "docker-events.link", "del eth0", ['"del"', "one of: set"]],
    ["unknown-verb", "docker-events.rule", "replace from all table 1", ['"replace"', "one of: add, del, delete, flush"]],
    ["unknown-verb", "docker-events.host-route", "flush table main", ['"flush"', "routing table"]],
    ["unknown-verb", "docker-events.host-rule", "flush", ['"flush"', "rules", "one of: add, del, delete"]],
    ["unknown-verb", "docker-events.host-rule", "replace from all table 1", ['"replace"', "one of: add, del, delete"]],
    ["bad-link-setting", "docker-events.link", "set eth0", ["no setting after the device", "set [dev] <device>"]],
    ["bad-link-setting", "docker-events.link", "set", ["no device named"]],
    ["bad-link-setting", "docker-events.link", "set eth0 name wan0", ['"name" is not supported', "mtu"]],
    ["bad-link-setting", "docker-events.link", "set eth0 master br0", ['"master" is not supported']],
    ["bad-link-setting", "docker-events.link", "set eth0 mtu", ['"mtu" has no value']],
    ["bad-link-setting", "docker-events.link", "set eth0 promisc yes", ['"promisc" takes on or off, got "yes"']],
    ["bad-reference", "docker-events.route", "add default via @", ['"@"', "not followed by a network name", "@<network>"]],
    ["bad-reference", "docker-events.route", "add default dev @-wan", ["not followed by a network name"]],
    ["bad-reference", "docker-events.rule", "add from x@ table 1", ["not followed by a network name"]],
    ["bad-reference", "docker-events.host-rule", "add from @.ip lookup 1", ["not followed by a network name"]],
    ["bad-reference", "docker-events.sysctl", "net.ipv4.conf.@_x.rp_filter=1", ["not followed by a network name"]],
    ["bad-sysctl", "docker-events.sysctl", "kernel.panic=1", ['"kernel.panic"', "not under net.", "net.<key>=<value>"]],
    ["bad-sysctl", "docker-events.sysctl", "net.ipv4.ip_forward", ['no "="']],
    ["bad-sysctl", "docker-events.sysctl", "net/../kernel/panic=1", ['".."']],
    ["bad-sysctl", "docker-events.sysctl", "net.ipv4.ip_forward=$IF=1", ['"eth0=1"']],
  ])("%s for %s %j", (code, key, text, tokens) => {
    const planned = plan(key, text);
    expect(planned).toBeInstanceOf(LabelError);
    expect(planned).toMatchObject({ code, label: key, partIndex: 2, partText: text });
    const { message } = planned as LabelError;
    for (const token of [`${key} part 2 "`, ...tokens]) expect(message).toContain(token);
  });

  it("names the label, part and expectation like the documented example", () => {
    const planned = plan("docker-events.route", "add default via $(id)");
    expect((planned as LabelError).message).toBe(
      'docker-events.route part 2 "add default via $(id)": shell syntax "$(" is not allowed (parts run without a shell); expected plain ip arguments',
    );
  });

  it.each<[string, PartKey, string, LabelErrorCode]>([
    ["quoting before variables", "docker-events.route", "add '$NOPE'", "quoting"],
    ["shell syntax before quoting", "docker-events.route", "add 'x' | y", "shell-syntax"],
    ["control characters before shell syntax", "docker-events.route", "add |\n", "bad-character"],
    ["length before everything", "docker-events.route", `\n${"|".repeat(1100)}`, "too-long"],
    ["variables before charset", "docker-events.route", "add 😀 $NOPE", "variable-not-allowed"],
    ["charset before options", "docker-events.route", "-batch 😀", "bad-character"],
    ["a leading option before the verb", "docker-events.route", "-s show", "forbidden-option"],
    ["the verb before other options", "docker-events.route", "rm -rf /", "unknown-verb"],
    ["options before values", "docker-events.route", "add 999.1.1.1 -s", "forbidden-option"],
    ["verbs before values", "docker-events.route", "show 999.1.1.1", "unknown-verb"],
    ["verbs before link settings", "docker-events.link", "show eth0 name x", "unknown-verb"],
    ["link settings before references", "docker-events.link", "set @ name x", "bad-link-setting"],
    ["charset before references", "docker-events.route", "add @ 😀", "bad-character"],
    ["verbs before references", "docker-events.route", "show @", "unknown-verb"],
    ["variables before sysctl syntax", "docker-events.sysctl", "kernel.panic=$NOPE", "variable-not-allowed"],
  ])("checks %s", (_name, key, text, code) => {
    expect(plan(key, text)).toMatchObject({ code });
  });

  it("never puts a variable's value in the message", () => {
    const planned = plan("docker-events.host-route", "add $WEIRD");
    expect((planned as LabelError).message).not.toContain("reboot");
  });
});

describe("planPart, what the kernel would refuse", () => {
  it.each<[PartKey, string, LabelErrorCode, string]>([
    [
      "docker-events.route",
      "add 10.0.0.0/8 via",
      "missing-value",
      `"via" is last, with no value; expected a value after "via" (the gateway's address)`,
    ],
    ["docker-events.rule", "add from 10.0.0.1 lookup", "missing-value", `"lookup" is last, with no value; expected a value after "lookup"`],
    [
      "docker-events.route",
      "add 999.1.1.1/33 dev eth0",
      "bad-address",
      `"999.1.1.1/33" is not an IPv4 address with a prefix; expected an IPv4 address a.b.c.d, each number 0 to 255, with an optional prefix /0 to /32`,
    ],
    ["docker-events.address", "add 10.0.0.256 dev eth0", "bad-address", `"10.0.0.256" is not an IPv4 address;`],
    ["docker-events.host-route", "add 10.1.0.0/24 via 10.0.0.1/40", "bad-address", `"10.0.0.1/40" is not an IPv4 address with a prefix;`],
    ["docker-events.route", "add fd00::1/129 dev eth0", "bad-address", `"fd00::1/129" is not an IPv6 address with a prefix;`],
    ["docker-events.route", "add fd00:::1 dev eth0", "bad-address", `"fd00:::1" is not an IPv6 address;`],
  ])("%s %j: %s", (key, text, code, words) => {
    const planned = plan(key, text);
    expect(planned).toMatchObject({ code });
    expect((planned as LabelError).message).toContain(words);
  });

  it("names each part's own mistake: a missing gateway, then a command that is no ip verb", () => {
    const result = planFromLabels({ "docker-events.route": "add 10.0.0.0/8 via; rm -rf /" }, { allowed: [], values: {} });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors.map((error) => [error.partIndex, error.code])).toEqual([
      [0, "missing-value"],
      [1, "unknown-verb"],
    ]);
  });

  it.each<[PartKey, string]>([
    ["docker-events.route", "add 10.0.0.0/8 via 10.0.0.1"],
    ["docker-events.route", "add default via @wan.gateway dev @wan"],
    ["docker-events.route", "add fd00:9::/64 via fd00::1 metric 100"],
    ["docker-events.route", "add 0.0.0.0/0 via 255.255.255.254 onlink"],
    ["docker-events.rule", "add from all lookup 100"],
    ["docker-events.address", "add ::ffff:10.0.0.1/128 dev eth0"],
    ["docker-events.host-rule", "add from 10.0.0.0/8 to 192.168.0.0/16 table 7 pref 100"],
  ])("%s %j is planned", (key, text) => {
    expect(plan(key, text)).not.toBeInstanceOf(LabelError);
  });
});
