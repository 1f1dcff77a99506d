import { maskUrlCredentials } from "./mask-credentials.js";

/** One dependency the process needs to do its work (Redis, the engine). */
export interface ReadinessCheck {
  /** Short and stable: it names the failure in /readyz (`redis`, `engine`). */
  readonly name: string;
  /** Resolves when the dependency answers; should stop when `signal` aborts. */
  check(signal: AbortSignal): Promise<void>;
}

export type CheckResult = { name: string; ok: true } | { name: string; ok: false; error: string };

export interface ReadinessReport {
  ready: boolean;
  checks: CheckResult[];
  /** Names of the checks that failed, in the order given. */
  failed: string[];
}

/** Runs every check at once, each bounded by `timeoutMs`; one slow dependency never hides another. */
export async function runReadinessChecks(checks: readonly ReadinessCheck[], timeoutMs: number): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((check) => runOne(check, timeoutMs)));
  const failed = results.filter((result) => !result.ok).map((result) => result.name);
  return { ready: failed.length === 0, checks: results, failed };
}

async function runOne(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    // The race keeps a check that ignores its signal from holding the answer.
    await Promise.race([check.check(abort.signal), timedOut]);
    return { name: check.name, ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: check.name, ok: false, error: maskUrlCredentials(message) };
  } finally {
    clearTimeout(timer);
  }
}
