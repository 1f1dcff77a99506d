import type { LintReport } from "./lint-files.js";

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`;

/** The last line of `dehandler lint`: what was checked and what was found, or that there was nothing to check. */
export function lintSummary(report: Pick<LintReport, "services" | "labels" | "findings">): string {
  const count = (severity: string): number => report.findings.filter((finding) => finding.severity === severity).length;
  if (report.labels === 0 && report.findings.length === 0) {
    return `no docker-events.* labels in ${plural(report.services, "service")}: nothing for dehandler to apply`;
  }
  return (
    `${plural(report.services, "service")}, ${plural(report.labels, "label")} checked: ` +
    `${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${count("info")} info`
  );
}
