import { z } from "zod";

export const MODES = ["none", "batch", "per-part"] as const;
export type BenchMode = (typeof MODES)[number];

/** Longest wait for a phase's containers to be configured before the bench gives up. */
export const CONFIGURE_TIMEOUT_MS = 120_000;

const count = (fallback: number, max: number, what: string) =>
  z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === "" ? String(fallback) : raw.trim()))
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= max, { message: `${what}: a whole number from 1 to ${max}` })
    .transform(Number);

function seconds(defaultSeconds: number, message: string, above: number) {
  return z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === "" ? String(defaultSeconds) : raw.trim()))
    .refine((raw) => /^\d+(\.\d+)?$/.test(raw) && Number(raw) > above && Number(raw) <= 600, { message })
    .transform(Number);
}

const BenchEnvSchema = z.object({
  // The caps keep the per-phase host-route block (1024 addresses, see bench-labels.ts) and the
  // bench subnet large enough.
  BENCH_N: count(100, 1000, "containers per burst"),
  BENCH_ROUNDS: count(3, 40, "rounds"),
  BENCH_CONCURRENCY: count(10, 100, "start requests in flight"),
  BENCH_IDLE_SECONDS: seconds(5, "seconds: a number above 0, at most 600", 0),
  BENCH_SETTLE_SECONDS: seconds(10, "seconds: a number from 0 to 600", -1),
  BENCH_OUT: z
    .string()
    .optional()
    .transform((raw) => (raw === undefined || raw.trim() === "" ? undefined : raw.trim())),
});

export interface BenchConfig {
  containers: number;
  rounds: number;
  concurrency: number;
  idleSeconds: number;
  /** Wait after both processes are ready before idle CPU is sampled: start-up work (JIT, GC) is not idling. */
  settleSeconds: number;
  /** Where the JSON goes; by default bench-results/bench-<iso time>.json (bench-results/ is git-ignored). */
  outFile: string;
}

export class BenchConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly received: string | undefined,
  ) {
    super(`${variable}: expected ${expected}, ${received === undefined ? "it is unset" : `got ${JSON.stringify(received)}`}`);
    this.name = "BenchConfigError";
  }
}

/** Reads the BENCH_* variables; called by the entry file, never at import time. */
export function loadBenchConfig(env: Readonly<Record<string, string | undefined>>, now = new Date()): BenchConfig {
  const result = BenchEnvSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new BenchConfigError(variable, issue?.message ?? "a valid value", env[variable]);
  }
  const parsed = result.data;
  const stamp = now.toISOString().replace(/[:.]/g, "-");
  return {
    containers: parsed.BENCH_N,
    rounds: parsed.BENCH_ROUNDS,
    concurrency: parsed.BENCH_CONCURRENCY,
    idleSeconds: parsed.BENCH_IDLE_SECONDS,
    settleSeconds: parsed.BENCH_SETTLE_SECONDS,
    outFile: parsed.BENCH_OUT ?? `bench-results/bench-${stamp}.json`,
  };
}

/** Round r runs the modes rotated by r, so that no mode always runs first (cold caches) or last. */
export function modesForRound(round: number): BenchMode[] {
  const shift = round % MODES.length;
  return [...MODES.slice(shift), ...MODES.slice(0, shift)];
}
