export type Severity = "error" | "warning" | "info";

/** One thing lint has to say, located as file:service:label:part. */
export interface Finding {
  file: string;
  /** Undefined for a problem with the file itself. */
  service: string | undefined;
  label: string | undefined;
  /** 0-based `;`-part index as dehandler counts them; undefined for the whole label. */
  part: number | undefined;
  severity: Severity;
  code: string;
  message: string;
}

export function formatFinding(finding: Finding): string {
  const where = [finding.file, finding.service ?? "-", finding.label ?? "-", finding.part === undefined ? "-" : String(finding.part)].join(":");
  return `${where}: ${finding.severity}: ${finding.message}`;
}
