// How dehandler's jobs read in Bull Board. The job data stays as stored; only what the board's
// API returns is shaped, so that a failure's facts come first and in plain words.

type JobData = Record<string, unknown>;

function asRecord(value: unknown): JobData {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as JobData) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** The order an operator reads a dead-letter entry in: what failed, how, then the bookkeeping. */
const DEAD_LETTER_ORDER = [
  "container",
  "label",
  "part",
  "command",
  "exitCode",
  "stderr",
  "output",
  "problems",
  "reason",
  "errorName",
  "argv",
  "permanent",
  "attemptsMade",
  "startedAt",
  "failedAt",
  "jobId",
];

/** A dead-letter entry with the command spelled as one line and its most useful fields first. */
export function formatDeadLetterData(data: unknown): JobData {
  const entry = asRecord(data);
  const argv: unknown[] | undefined = Array.isArray(entry.argv) ? entry.argv : undefined;
  const withCommand: JobData = argv === undefined ? entry : { ...entry, command: argv.map(String).join(" ") };
  const ordered: JobData = {};
  for (const key of DEAD_LETTER_ORDER) if (key in withCommand) ordered[key] = withCommand[key];
  for (const [key, value] of Object.entries(withCommand)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}

/** "web-1: docker-events.route part 0 (PartFailedError)" */
export function deadLetterJobName(job: unknown): string {
  const data = asRecord(asRecord(job).data);
  const container = text(asRecord(data.container).name) ?? "?";
  const label = text(data.label);
  const where = label === undefined ? "" : ` ${label}${typeof data.partIndex === "number" ? ` part ${data.partIndex}` : ""}`;
  const errorName = text(data.errorName);
  return `${container}:${where}${errorName === undefined ? "" : ` (${errorName})`}`;
}

/** "start web-1 (event)", "stop web-1 (die)", "connect web-1 to wan (event)" */
export function startJobName(job: unknown): string {
  const data = asRecord(asRecord(job).data);
  const source = text(data.source);
  const name = text(data.containerName) ?? "?";
  const kind = text(data.kind) ?? "start";
  if (kind === "stop") return `stop ${name} (${text(data.ending) ?? source ?? "?"})`;
  if (kind === "connect") return `connect ${name} to ${text(data.network) ?? "?"}${source === undefined ? "" : ` (${source})`}`;
  return `start ${name}${source === undefined ? "" : ` (${source})`}`;
}
