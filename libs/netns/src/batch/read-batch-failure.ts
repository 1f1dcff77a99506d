// What `ip -batch` prints after a line fails (and it stops there, without -force).
const FAILED_LINE = /^Command failed -:(\d+)$/;

export interface BatchFailure {
  /** 1-based number of the line that failed. */
  line: number;
  /** stderr without the "Command failed" report: the failed line's own message. */
  stderr: string;
}

/**
 * Finds the line a stopped batch failed on. Undefined when ip did not say: some errors (a word ip
 * cannot parse) make it exit at once, without the report, and then only a re-run can tell.
 */
export function readBatchFailure(stderr: string): BatchFailure | undefined {
  const lines = stderr.split("\n");
  const reports = lines.flatMap((text, at) => {
    const match = FAILED_LINE.exec(text.trim());
    return match?.[1] === undefined ? [] : [{ at, line: Number(match[1]) }];
  });
  const [report] = reports;
  if (report === undefined || reports.length !== 1) return undefined;
  const rest = lines.filter((_, at) => at !== report.at).join("\n");
  return { line: report.line, stderr: rest };
}
