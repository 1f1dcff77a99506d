import { z } from "zod";

/** The worker's line for a finished job (apps/worker/src/configure-container.ts). */
export const CONFIGURED_MSG = "container configured";
/** pino's level for warnings: retries are logged at it, dead letters above it. */
const WARN = 40;
const ERROR = 50;

const ConfiguredLine = z.object({
  msg: z.literal(CONFIGURED_MSG),
  /** pino's epoch milliseconds. */
  time: z.number(),
  container: z.object({ id: z.string(), name: z.string() }),
  applied: z.number().optional(),
  already: z.number().optional(),
  stages: z.record(z.string(), z.number()).optional(),
  timeline: z.object({ startedAt: z.string(), eventTime: z.string().optional(), seenAt: z.number(), takenAt: z.number().optional() }).optional(),
});

const ProblemLine = z.object({
  msg: z.string(),
  level: z.number(),
  container: z.object({ name: z.string() }).optional(),
  reason: z.string().optional(),
  err: z.object({ message: z.string() }).optional(),
});

export interface Configured {
  /** When the worker logged it, epoch ms. */
  time: number;
  applied: number | undefined;
  already: number | undefined;
  /** How many "container configured" lines it had: more than one means a job ran twice. */
  lines: number;
  /** The worker's own stages (ms) and the start's timeline, for the breakdown. */
  stages: Record<string, number> | undefined;
  timeline: { eventTime?: string | undefined; seenAt: number; takenAt?: number | undefined } | undefined;
}

export interface Problem {
  fatal: boolean;
  text: string;
}

/**
 * Follows the worker's JSON log lines (AppProcess collects them in order) for one phase's
 * containers. Each poll reads only the lines added since the last one: the bench shares the
 * CPUs with the processes it measures.
 */
export class WorkerLogReader {
  readonly configured = new Map<string, Configured>();
  readonly problems: Problem[] = [];
  private read = 0;

  constructor(
    private readonly lines: readonly Record<string, unknown>[],
    private readonly names: ReadonlySet<string>,
  ) {}

  poll(): void {
    for (; this.read < this.lines.length; this.read += 1) {
      const line = this.lines[this.read];
      if (line !== undefined) this.take(line);
    }
  }

  private take(line: Record<string, unknown>): void {
    if (line.msg === CONFIGURED_MSG) {
      const parsed = ConfiguredLine.safeParse(line);
      if (!parsed.success) throw new Error(`expected a "${CONFIGURED_MSG}" line with time and container {id, name}, got ${JSON.stringify(line)}`);
      const { time, container, applied, already, stages, timeline } = parsed.data;
      if (!this.names.has(container.name)) return;
      const seen = this.configured.get(container.name);
      if (seen === undefined) this.configured.set(container.name, { time, applied, already, lines: 1, stages, timeline });
      else seen.lines += 1;
      return;
    }
    const problem = ProblemLine.safeParse(line);
    if (!problem.success || problem.data.level < WARN) return;
    const { msg, level, container, reason, err } = problem.data;
    if (container !== undefined && !this.names.has(container.name)) return;
    const detail = reason ?? err?.message;
    this.problems.push({
      fatal: level >= ERROR,
      text: `${container?.name ?? "worker"}: ${msg}${detail === undefined ? "" : ` (${detail})`}`,
    });
  }
}
