import { readFileSync } from "node:fs";
import { readComposeServices, type ComposeService } from "../compose/read-compose-services.js";
import { UsageError } from "../cli-error.js";
import type { Finding } from "./finding.js";
import { lintService, type VariablePolicy } from "./lint-services.js";

export interface LintReport {
  files: string[];
  services: number;
  /** docker-events.* labels found (every one is checked). */
  labels: number;
  findings: Finding[];
}

/** Reads every file first (a missing file is a usage error), then lints service by service. */
export function lintFiles(files: readonly string[], policy: VariablePolicy, onProgress?: (done: number, total: number) => void): LintReport {
  const findings: Finding[] = [];
  const work: { file: string; service: ComposeService }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    const read = readComposeServices(text);
    if (!read.ok) {
      findings.push({ file, service: undefined, label: undefined, part: undefined, severity: "error", code: "compose-file", message: read.problem });
      continue;
    }
    for (const service of read.services) work.push({ file, service });
  }
  const labels = work.reduce((sum, { service }) => sum + Object.keys(service.labels).filter((key) => key.startsWith("docker-events.")).length, 0);
  work.forEach(({ file, service }, index) => {
    findings.push(...lintService(file, service, policy));
    onProgress?.(index + 1, work.length);
  });
  return { files: [...files], services: work.length, labels, findings };
}
