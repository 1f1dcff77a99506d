import { describe, expect, it } from "vitest";
import { LabelError } from "../src/errors/label-error.js";
import type { LabelErrorCode } from "../src/errors/label-error.js";
import type { LabelKey } from "../src/label-keys.js";
import { planPart } from "../src/plan-part.js";
import type { LabelVariables } from "../src/plan-types.js";

const variables: LabelVariables = {
  allowed: ["VPN_IP", "GW", "EMPTY", "UNSET", "SPACES", "WEIRD"],
  values: { VPN_IP: "10.0.8.0", GW: "172.20.20.1", EMPTY: "", SPACES: "   ", WEIRD: "1.2.3.4;reboot", REDIS_PASSWORD: "hunter2" },
};

function plan(label: LabelKey, text: string) {
  return planPart(label, 2, text, variables);
}

describe("planPart accepts", () => {
  it.each<[LabelKey, string, string[]]>([
    ["docker-events.address", "add 10.0.1.4/16 dev eth0", ["address", "add", "10.0.1.4/16", "dev", "eth0"]],
    ["docker-events.address", "flush dev eth1", ["address", "flush", "dev", "eth1"]],
    ["docker-events.route", "add default via 33.156.88.1", ["route", "add", "default", "via", "33.156.88.1"]],
    ["docker-events.route", "-6 add ::/0 via fe80::1%eth0", ["-6", "route", "add", "::/0", "via", "fe80::1%eth0"]],
    ["docker-events.route", "-4\treplace  10.0.0.0/8   via 1.2.3.4", ["-4", "route", "replace", "10.0.0.0/8", "via", "1.2.3.4"]],
    ["docker-events.route", "flush table 100", ["route", "flush", "table", "100"]],
    ["docker-events.rule", "add from 10.0.0.5 table 100", ["rule", "add", "from", "10.0.0.5", "table", "100"]],
    ["docker-events.host-route", "add $VPN_IP/16 via ${GW}", ["route", "add", "10.0.8.0/16", "via", "172.20.20.1"]],
    ["docker-events.host-route", "prepend ${VPN_IP}/24 via $GW", ["route", "prepend", "10.0.8.0/24", "via", "172.20.20.1"]],
  ])("%s %j", (label, text, argv) => {
    const planned = plan(label, text);
    expect(planned).toEqual({
      label,
      partIndex: 2,
      partText: text,
      target: label === "docker-events.host-route" ? "host" : "container",
      argv,
    });
  });
});

describe("planPart refuses", () => {
  // [code, label, part, tokens the message must name]
  it.each<[LabelErrorCode, LabelKey, string, string[]]>([
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
    ["quoting", "docker-events.route", "add 'default'", ["\"'\"", "split on whitespace"]],
    ["quoting", "docker-events.route", 'add "default"', ['"\\""', "quotes and escapes"]],
    ["quoting", "docker-events.route", "add default\\ via", ['"\\\\"']],
    ["variable-syntax", "docker-events.host-route", "add ${VPN_IP:-1.2.3.4}/16", ['"${VPN_IP:-1.2.3.4}"']],
    ["variable-syntax", "docker-events.host-route", "add ${VPN_IP/16", ['"${VPN_IP/16"']],
    ["variable-syntax", "docker-events.host-route", "add $1/16", ['"$1"']],
    ["variable-syntax", "docker-events.host-route", "add ${}/16", ['"${}"']],
    ["variable-syntax", "docker-events.host-route", "add 1.2.3.4 $", ['lone "$"']],
    ["variable-not-allowed", "docker-events.host-route", "add $REDIS_PASSWORD", ["$REDIS_PASSWORD", "DEHANDLER_LABEL_VARS"]],
    ["variable-not-allowed", "docker-events.host-route", "add ${PATH}", ["$PATH", "DEHANDLER_LABEL_VARS"]],
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
    ["missing-verb", "docker-events.route", "-4", ['"-4"', "one of: add, append"]],
    ["missing-verb", "docker-events.host-route", "$SPACES", ["no verb", "one of: add"]],
    ["unknown-verb", "docker-events.route", "show", ['"show"', "one of: add, append, change"]],
    ["unknown-verb", "docker-events.route", "a default via 1.2.3.4", ['"a"']],
    ["unknown-verb", "docker-events.route", "route add default", ['"route"', 'implies "ip route"']],
    ["unknown-verb", "docker-events.address", "address add 10.0.0.1/24 dev eth0", ['"address"', 'implies "ip address"']],
    ["unknown-verb", "docker-events.rule", "replace from all table 1", ['"replace"', "one of: add, del, delete, flush"]],
    ["unknown-verb", "docker-events.host-route", "flush table main", ['"flush"', "routing table"]],
  ])("%s for %s %j", (code, label, text, tokens) => {
    const planned = plan(label, text);
    expect(planned).toBeInstanceOf(LabelError);
    expect(planned).toMatchObject({ code, label, partIndex: 2, partText: text });
    const { message } = planned as LabelError;
    for (const token of [`${label} part 2 "`, ...tokens]) expect(message).toContain(token);
  });

  it("names the label, part and expectation like the documented example", () => {
    const planned = planPart("docker-events.route", 2, "add default via $(id)", variables);
    expect((planned as LabelError).message).toBe(
      'docker-events.route part 2 "add default via $(id)": shell syntax "$(" is not allowed (parts run without a shell); expected plain ip arguments',
    );
  });

  it.each([
    ["quoting before variables", "add '$NOPE'", "quoting"],
    ["shell syntax before quoting", "add 'x' | y", "shell-syntax"],
    ["control characters before shell syntax", "add |\n", "bad-character"],
    ["length before everything", `\n${"|".repeat(1100)}`, "too-long"],
    ["variables before charset", "add 😀 $NOPE", "variable-not-allowed"],
    ["charset before options", "-batch 😀", "bad-character"],
    ["options before verbs", "show -s", "forbidden-option"],
  ])("checks %s", (_name, text, code) => {
    expect(plan("docker-events.route", text)).toMatchObject({ code });
  });

  it("never puts a variable's value in the message", () => {
    const planned = plan("docker-events.host-route", "add $WEIRD");
    expect((planned as LabelError).message).not.toContain("reboot");
  });
});
