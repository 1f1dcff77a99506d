import type { Command } from "commander";
import { existsSync } from "node:fs";
import { EXIT, UsageError } from "../cli-error.js";
import { loadLintConfig } from "../config.js";
import { formatFinding } from "../lint/finding.js";
import { lintFiles } from "../lint/lint-files.js";
import { lintSummary } from "../lint/lint-summary.js";
import type { VariablePolicy } from "../lint/lint-services.js";
import { Progress } from "../progress.js";

// The names compose itself looks for, in its order.
const DEFAULT_FILES = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

export function lintCommand(program: Command): void {
  program
    .command("lint")
    .description("check the docker-events.* labels of every service in compose files, offline")
    .argument("[compose-file...]", `compose files (default: the first of ${DEFAULT_FILES.join(", ")} here)`)
    .option("--json", "print the report as JSON on stdout")
    .addHelpText(
      "after",
      `
Each finding is one line: file:service:label:part: severity: message (part is the 0-based ";"-part);
a summary (services and labels checked, errors, warnings) follows on stderr.
Labels are linted as dehandler will receive them, after compose's own interpolation: $$ is a
literal "$", so "$$VPN_IP" reaches dehandler as its variable $VPN_IP; "\${VAR}" and "$VAR" are filled
in by compose from its environment and are reported (info for \${VAR}, warning for $VAR).
Variables: with DEHANDLER_LABEL_VARS set, only those names are allowed (as in the worker);
unset, any well-formed name is accepted and reported as info. Values are never needed.

Exit status: 0 no errors (warnings and info allowed), 1 errors found, 2 usage or setting error.`,
    )
    .action((files: string[], options: { json?: boolean }) => {
      const config = loadLintConfig(process.env);
      const policy: VariablePolicy = config.allowedVariables === undefined ? { kind: "any" } : { kind: "listed", allowed: config.allowedVariables };
      const chosen = files.length > 0 ? files : defaultFile();
      const progress = new Progress("checked services");
      const report = lintFiles(chosen, policy, (done, total) => progress.update(done, total));
      progress.done();
      const errors = report.findings.filter((finding) => finding.severity === "error").length;
      if (options.json === true) {
        const summary = {
          services: report.services,
          labels: report.labels,
          errors,
          warnings: report.findings.filter((finding) => finding.severity === "warning").length,
          infos: report.findings.filter((finding) => finding.severity === "info").length,
          variables: policy.kind === "listed" ? { from: "DEHANDLER_LABEL_VARS", allowed: policy.allowed } : { from: "any" },
        };
        process.stdout.write(`${JSON.stringify({ files: report.files, findings: report.findings, summary })}\n`);
      } else {
        const lines = report.findings.map(formatFinding);
        if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
        // On stderr: stdout stays one finding per line, for scripts.
        process.stderr.write(`${lintSummary(report)}\n`);
      }
      if (errors > 0) process.exitCode = EXIT.failure;
    });
}

function defaultFile(): string[] {
  const found = DEFAULT_FILES.find((file) => existsSync(file));
  if (found === undefined) throw new UsageError(`no compose file given and none of ${DEFAULT_FILES.join(", ")} here`);
  return [found];
}
