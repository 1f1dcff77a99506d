import { describe, expect, it } from "vitest";
import { lintFiles } from "../src/lint/lint-files.js";
import { lintSummary } from "../src/lint/lint-summary.js";
import type { Finding } from "../src/lint/finding.js";

const finding = (severity: Finding["severity"]): Finding => ({
  file: "c.yml",
  service: "web",
  label: "docker-events.route",
  part: 0,
  severity,
  code: "x",
  message: "m",
});
const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;

describe("lint's summary line", () => {
  it.each<[string, { services: number; labels: number; findings: Finding[] }, string]>([
    ["clean", { services: 3, labels: 7, findings: [] }, "3 services, 7 labels checked: 0 errors, 0 warnings, 0 info"],
    [
      "one of each",
      { services: 1, labels: 1, findings: [finding("error"), finding("warning"), finding("info")] },
      "1 service, 1 label checked: 1 error, 1 warning, 1 info",
    ],
    ["no labels at all", { services: 2, labels: 0, findings: [] }, "no docker-events.* labels in 2 services: nothing for dehandler to apply"],
    [
      "a file that is no compose file",
      { services: 0, labels: 0, findings: [finding("error")] },
      "0 services, 0 labels checked: 1 error, 0 warnings, 0 info",
    ],
  ])("%s", (_what, report, line) => {
    expect(lintSummary(report)).toBe(line);
  });

  it("counts the labels of the original README's example", () => {
    const report = lintFiles([fixture("original-readme-compose.yml")], { kind: "listed", allowed: ["VPN_IP", "INT_IF_IP"] });
    expect(lintSummary(report)).toBe("1 service, 3 labels checked: 0 errors, 3 warnings, 0 info");
  });
});
