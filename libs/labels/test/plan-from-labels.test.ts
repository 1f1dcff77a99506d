import { describe, expect, it } from "vitest";
import { LabelError } from "../src/errors/label-error.js";
import { planFromLabels } from "../src/plan-from-labels.js";
import { LABEL_KEYS } from "../src/label-kinds.js";
import type { LabelKey } from "../src/label-kinds.js";
import type { LabelVariables, PlanResult } from "../src/plan-types.js";

const noVariables: LabelVariables = { allowed: [], values: {} };

function commandsOf(result: PlanResult) {
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.plan.commands.map(({ target, argv }) => [target, ...argv].join(" "));
}

describe("planFromLabels", () => {
  it("plans the original README's example exactly", () => {
    const result = planFromLabels(
      {
        "docker-events.address": "add 10.0.1.4/16 dev eth0",
        "docker-events.route": "delete default;add default via 33.156.88.1;add 10.0.0.0/8 via 172.20.20.1;add 192.168.0.0/16 via 172.20.20.1",
        "docker-events.host-route": "delete $VPN_IP/26;add $VPN_IP/16 via $INT_IF_IP",
      },
      { allowed: ["VPN_IP", "INT_IF_IP"], values: { VPN_IP: "10.0.8.0", INT_IF_IP: "172.20.20.1" } },
    );
    expect(commandsOf(result)).toEqual([
      "container address add 10.0.1.4/16 dev eth0",
      "container route delete default",
      "container route add default via 33.156.88.1",
      "container route add 10.0.0.0/8 via 172.20.20.1",
      "container route add 192.168.0.0/16 via 172.20.20.1",
      "host route delete 10.0.8.0/26",
      "host route add 10.0.8.0/16 via 172.20.20.1",
    ]);
    expect(result).toMatchObject({ ok: true, plan: { warnings: [] } });
  });

  it("plans a rule label inside the container", () => {
    const result = planFromLabels({ "docker-events.rule": "add from 10.0.0.5 table 100" }, noVariables);
    expect(result).toEqual({
      ok: true,
      plan: {
        warnings: [],
        commands: [
          {
            label: "docker-events.rule",
            partIndex: 0,
            partText: "add from 10.0.0.5 table 100",
            target: "container",
            action: "ip",
            argv: ["rule", "add", "from", "10.0.0.5", "table", "100"],
            hasReferences: false,
          },
        ],
      },
    });
  });

  // One value per kind, so that each plans one recognisable command (reply-via plans six).
  const ONE_OF_EACH: Readonly<Record<LabelKey, string>> = {
    "docker-events.sysctl": "net.ipv4.ip_forward=1",
    "docker-events.link": "set eth0 mtu 1400",
    "docker-events.address": "add 10.0.0.1/24 dev eth0",
    "docker-events.route": "add 10.0.0.0/8 via 10.0.0.254",
    "docker-events.rule": "add from 10.0.0.1 table 100",
    "docker-events.reply-via": "wan",
    "docker-events.host-route": "add 10.0.8.0/24 via 172.20.20.1",
    "docker-events.host-rule": "add from 10.0.8.0/24 lookup 200",
  };

  it.each<[readonly LabelKey[]]>([
    [[...LABEL_KEYS].reverse()],
    [
      [
        "docker-events.rule",
        "docker-events.address",
        "docker-events.host-route",
        "docker-events.sysctl",
        "docker-events.route",
        "docker-events.host-rule",
        "docker-events.link",
        "docker-events.reply-via",
      ],
    ],
  ])("orders sysctl, link, address, route, rule, reply-via, host-route, host-rule whatever the key order %#", (keys) => {
    const labels = Object.fromEntries(keys.map((key) => [key, ONE_OF_EACH[key]]));
    const result = planFromLabels(labels, noVariables);
    expect(commandsOf(result)).toEqual([
      "container net/ipv4/ip_forward 1",
      "container link set eth0 mtu 1400",
      "container address add 10.0.0.1/24 dev eth0",
      "container route add 10.0.0.0/8 via 10.0.0.254",
      "container rule add from 10.0.0.1 table 100",
      "container -4 route replace @wan.subnet dev @wan table 1000",
      "container -4 route replace default via @wan.gateway dev @wan table 1000",
      "container -4 rule add from @wan.ip table 1000",
      "container -6 route replace @wan.subnet dev @wan table 1000",
      "container -6 route replace default via @wan.gateway dev @wan table 1000",
      "container -6 rule add from @wan.ip table 1000",
      "host route add 10.0.8.0/24 via 172.20.20.1",
      "host rule add from 10.0.8.0/24 lookup 200",
    ]);
  });

  it("within a label, keeps parts in written order", () => {
    const labels = { "docker-events.route": "add 10.0.0.1 ; del 10.0.0.2", "docker-events.address": "add 10.0.0.1 ; del 10.0.0.2" };
    expect(commandsOf(planFromLabels(labels, noVariables))).toEqual([
      "container address add 10.0.0.1",
      "container address del 10.0.0.2",
      "container route add 10.0.0.1",
      "container route del 10.0.0.2",
    ]);
  });

  it("marks each command with its action, references, undo and optionality", () => {
    const result = planFromLabels(
      {
        "docker-events.sysctl": "net.ipv4.conf.@wan.rp_filter=2",
        "docker-events.route": "add default via @wan.gateway",
        "docker-events.reply-via": "@wan",
        "docker-events.host-route": "add 10.0.8.0/24 via 172.20.20.1;del 10.0.9.0/24",
        "docker-events.host-rule": "add from 10.0.8.0/24 lookup 200",
      },
      noVariables,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const summary = result.plan.commands.map(({ label, action, hasReferences, undoArgv, optional }) => [
      label,
      action,
      hasReferences,
      undoArgv?.join(" "),
      optional,
    ]);
    expect(summary).toEqual([
      ["docker-events.sysctl", "sysctl", true, undefined, undefined],
      ["docker-events.route", "ip", true, undefined, undefined],
      ...Array.from({ length: 6 }, () => ["docker-events.reply-via", "ip", true, undefined, true]),
      ["docker-events.host-route", "ip", false, "-4 route del 10.0.8.0/24 via 172.20.20.1", undefined],
      ["docker-events.host-route", "ip", false, undefined, undefined],
      ["docker-events.host-rule", "ip", false, "-4 rule del from 10.0.8.0/24 lookup 200", undefined],
    ]);
  });

  it("gives reply-via tables that the route and rule labels leave free", () => {
    const result = planFromLabels(
      {
        "docker-events.route": "add default via 1.2.3.4 table 1000",
        "docker-events.rule": "add from 10.0.0.1 lookup 1001",
        "docker-events.host-route": "add 10.0.8.0/24 via 172.20.20.1 table 1002",
        "docker-events.reply-via": "wan,lan",
      },
      noVariables,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const tables = result.plan.commands.filter((command) => command.label === "docker-events.reply-via").map((command) => command.argv.at(-1));
    expect(tables).toEqual([...Array.from({ length: 6 }, () => "1002"), ...Array.from({ length: 6 }, () => "1003")]);
  });

  it("ignores labels outside docker-events. and warns about unknown docker-events. keys", () => {
    const result = planFromLabels(
      { "com.example.route": "rm -rf /", "docker-events.routes": "add 1.2.3.4", "docker-events.route": "add 1.2.3.4" },
      noVariables,
    );
    expect(commandsOf(result)).toEqual(["container route add 1.2.3.4"]);
    expect(result).toMatchObject({ ok: true, plan: { warnings: [{ label: "docker-events.routes" }] } });
  });

  it("reports every error across labels and parts, with the warnings", () => {
    const result = planFromLabels(
      {
        "docker-events.adress": "add 10.0.0.1/24 dev eth0",
        "docker-events.address": "add 10.0.0.1/24 dev eth0;show",
        "docker-events.route": "add default via $(id);;add 10.0.0.0/8 via 1.2.3.4;add x 'y'",
        "docker-events.host-route": "add $REDIS_PASSWORD/16;flush",
        "docker-events.sysctl": "net.ipv4.ip_forward=1;kernel.panic=1",
        "docker-events.link": "set eth0 name wan0",
        "docker-events.reply-via": "wan,@wan",
        "docker-events.host-rule": "add from @ lookup 1",
      },
      { allowed: [], values: { REDIS_PASSWORD: "hunter2" } },
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(({ label, partIndex, code }) => [label, partIndex, code])).toEqual([
      ["docker-events.sysctl", 1, "bad-sysctl"],
      ["docker-events.link", 0, "bad-link-setting"],
      ["docker-events.address", 1, "unknown-verb"],
      ["docker-events.route", 0, "shell-syntax"],
      ["docker-events.route", 3, "quoting"],
      ["docker-events.reply-via", 1, "bad-network-list"],
      ["docker-events.host-route", 0, "variable-not-allowed"],
      ["docker-events.host-route", 1, "unknown-verb"],
      ["docker-events.host-rule", 0, "bad-reference"],
    ]);
    expect(result.errors[6]?.message).toContain("$REDIS_PASSWORD");
    expect(result.errors[6]?.message).not.toContain("hunter2");
    expect(result.warnings).toEqual([
      { label: "docker-events.adress", message: expect.stringContaining("did you mean docker-events.address?") as string },
    ]);
  });

  it("plans 200 good parts as 200 commands in written order", () => {
    const parts = Array.from({ length: 200 }, (_, index) => `add 10.0.${index}.0/24 via 172.20.20.1`);
    const result = planFromLabels({ "docker-events.route": parts.join(";") }, noVariables);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.commands).toHaveLength(200);
    expect(result.plan.commands[199]).toMatchObject({ partIndex: 199, argv: ["route", "add", "10.0.199.0/24", "via", "172.20.20.1"] });
  });

  it("refuses a 100 KB label with one error, quickly", () => {
    const started = performance.now();
    const result = planFromLabels({ "docker-events.route": "add 1.2.3.4;".repeat(9000).slice(0, 100_000) }, noVariables);
    expect(performance.now() - started).toBeLessThan(100);
    expect(result).toMatchObject({ ok: false, errors: [{ code: "too-long", partIndex: undefined }] });
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toBe("docker-events.route: label is 100000 characters; expected at most 16384");
  });

  const nasty = [
    "",
    ";",
    ";;;;",
    " \t ",
    "$",
    "$$$$",
    "${",
    "${}",
    "${${}}",
    "$(",
    "\u0000",
    "\ud800",
    "\udfff add",
    "add \u200f10.0.0.1",
    "👨‍👩‍👧",
    "-",
    "--",
    "-4",
    "-6 -4",
    "netns",
    "__proto__",
    "constructor",
    "add $constructor",
    "add ${__proto__}",
    "add $toString",
    "a".repeat(16384),
    `${"x ".repeat(8000)}`,
    `${";".repeat(16384)}`,
    `${"a;".repeat(300)}`,
    `${"$".repeat(1024)}`,
    `${"${".repeat(512)}`,
    "\u2028add\u2029",
    "add 1.2.3.4\r\n",
  ];
  it.each(nasty)("returns for nasty input %j", (value) => {
    const labels: Record<string, string> = Object.fromEntries([
      ...LABEL_KEYS.map((key): [string, string] => [key, value]),
      [`docker-events.${value}`, value],
      ["__proto__", value],
    ]);
    const variables: LabelVariables = { allowed: ["constructor", "__proto__", "toString"], values: {} };
    const result = planFromLabels(labels, variables);
    expect(typeof result.ok).toBe("boolean");
    if (!result.ok) for (const error of result.errors) expect(error).toBeInstanceOf(LabelError);
  });
});
