import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatFinding, type Finding } from "../src/lint/finding.js";
import { lintFiles } from "../src/lint/lint-files.js";
import { lintService, type VariablePolicy } from "../src/lint/lint-services.js";

const fixture = (name: string): string => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));
const LISTED: VariablePolicy = { kind: "listed", allowed: ["VPN_IP", "INT_IF_IP"] };
const ANY: VariablePolicy = { kind: "any" };

const brief = (findings: Finding[]): string[] =>
  findings.map((f) => `${f.service ?? "-"}:${f.label ?? "-"}:${f.part ?? "-"}:${f.severity}:${f.code}`);

describe("lint of the original README's compose example", () => {
  it("has no errors with DEHANDLER_LABEL_VARS=VPN_IP,INT_IF_IP; it warns that compose, not dehandler, fills in $VPN_IP", () => {
    const report = lintFiles([fixture("original-readme-compose.yml")], LISTED);
    expect(report.services).toBe(1);
    expect(report.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(brief(report.findings)).toEqual([
      "dualnet:docker-events.host-route:0:warning:compose-variable",
      "dualnet:docker-events.host-route:1:warning:compose-variable",
      "dualnet:docker-events.host-route:1:warning:compose-variable",
    ]);
    expect(report.findings[0]?.message).toContain("$VPN_IP is interpolated by compose, not by dehandler");
    expect(report.findings[0]?.message).toContain("write $$VPN_IP");
  });

  it("is entirely clean once written with $$ for dehandler's variables", () => {
    const service = {
      name: "dualnet",
      labels: {
        "docker-events.host-route": "delete $$VPN_IP/26;add $$VPN_IP/16 via $$INT_IF_IP",
        "docker-events.address": "add 10.0.1.4/16 dev eth0",
      },
    };
    expect(lintService("c.yml", service, LISTED)).toEqual([]);
  });
});

describe("lintService", () => {
  it.each<[string, Record<string, string>, VariablePolicy, string[]]>([
    ["a clean label", { "docker-events.route": "add default via 192.0.2.1" }, LISTED, []],
    ["other labels are not read", { "com.example": "$(anything)" }, LISTED, []],
    [
      "an unknown docker-events key",
      { "docker-events.routes": "add default via 192.0.2.1" },
      LISTED,
      ["s:docker-events.routes:-:warning:unknown-label"],
    ],
    [
      "a variable not in the list",
      { "docker-events.route": "add $$OTHER/8 dev eth0" },
      LISTED,
      ["s:docker-events.route:0:error:variable-not-allowed"],
    ],
    [
      "any variable without a list, said as info",
      { "docker-events.route": "add 10.0.0.0/8 dev eth0;add $$OTHER/8 dev eth0" },
      ANY,
      ["s:docker-events.route:1:info:variable-unchecked"],
    ],
    ["${VAR} for compose is info", { "docker-events.route": "add ${NET}/8 dev eth0" }, LISTED, ["s:docker-events.route:0:info:compose-variable"]],
    [
      "syntax compose refuses",
      { "docker-events.route": "add 10.0.0.0/8 dev eth0;add default via $(reboot)" },
      LISTED,
      ["s:docker-events.route:1:error:compose-syntax"],
    ],
    [
      "a bad verb, part located",
      { "docker-events.route": "add 10.0.0.0/8 dev eth0;;addd default" },
      LISTED,
      ["s:docker-events.route:2:error:unknown-verb"],
    ],
    ["flush on the host", { "docker-events.host-route": "flush all" }, LISTED, ["s:docker-events.host-route:0:error:unknown-verb"]],
    ["shell syntax after $$", { "docker-events.rule": "add from 192.0.2.1 table 5 | true" }, LISTED, ["s:docker-events.rule:0:error:shell-syntax"]],
  ])("%s", (_title, labels, policy, expected) => {
    expect(brief(lintService("c.yml", { name: "s", labels }, policy))).toEqual(expected);
  });

  it("prints file:service:label:part: severity: message, one line each", () => {
    const findings = lintService("c.yml", { name: "s", labels: { "docker-events.route": "add 10.0.0.0/8 dev eth0;addd default" } }, LISTED);
    expect(findings.map(formatFinding)).toEqual([
      expect.stringMatching(/^c\.yml:s:docker-events\.route:1: error: part 1 "addd default": verb "addd" is not supported/),
    ]);
  });
});

describe("lintFiles", () => {
  it("finds every mistake of the mistakes file and leaves the good service alone", () => {
    const report = lintFiles([fixture("mistakes-compose.yml")], LISTED);
    expect(brief(report.findings)).toEqual([
      "web:docker-events.address:0:error:unknown-verb",
      "web:docker-events.host-route:0:info:compose-variable",
      "web:docker-events.host-route:1:error:unknown-verb",
      "web:docker-events.route:0:error:compose-syntax",
      "web:docker-events.routes:-:warning:unknown-label",
      "web:docker-events.rule:0:error:variable-not-allowed",
    ]);
    expect(report.findings.every((f) => !f.message.includes("\n"))).toBe(true);
  });

  it("reports a file that is not YAML as an error of that file", () => {
    const dir = mkdtempSync(join(tmpdir(), "dh-lint-"));
    writeFileSync(join(dir, "bad.yml"), "services: [\n");
    expect(brief(lintFiles([join(dir, "bad.yml")], LISTED).findings)).toEqual(["-:-:-:error:compose-file"]);
  });

  it("refuses a missing file as a usage error", () => {
    expect(() => lintFiles(["/nonexistent/compose.yaml"], LISTED)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it("lints 50 services well within a second, with progress for each", () => {
    const dir = mkdtempSync(join(tmpdir(), "dh-lint-"));
    const services = Array.from({ length: 50 }, (_, i) =>
      [
        `  svc${i}:`,
        "    image: busybox",
        "    labels:",
        `      docker-events.address: "add 10.0.${i}.4/16 dev eth0"`,
        `      docker-events.route: "delete default;add default via 33.156.88.1;add 10.${i}.0.0/16 via 172.20.20.1"`,
        `      docker-events.rule: "add from 33.156.88.${i + 10} table 100"`,
        '      docker-events.host-route: "delete $$VPN_IP/26;add $$VPN_IP/16 via $$INT_IF_IP"',
      ].join("\n"),
    );
    const file = join(dir, "compose.yaml");
    writeFileSync(file, `services:\n${services.join("\n")}\n`);
    const progress: number[] = [];
    const started = performance.now();
    const report = lintFiles([file], LISTED, (done) => progress.push(done));
    const elapsed = performance.now() - started;
    expect(report.services).toBe(50);
    expect(report.findings).toEqual([]);
    expect(progress.at(-1)).toBe(50);
    // A generous bound for a loaded CI machine; the real figure is a few milliseconds.
    expect(elapsed).toBeLessThan(1000);
  });
});
