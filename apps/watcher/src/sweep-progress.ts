export interface SweepProgressOptions {
  total: number;
  /** Report after this many containers since the last report… */
  everyCount?: number;
  /** …or after this long, whichever comes first. */
  everyMs?: number;
  /** Sweeps at most this size report nothing: they finish before anyone waits. */
  quietUpTo?: number;
  now?: () => number;
}

/**
 * When a long sweep (thousands of containers, or a slow Redis) should tell the person waiting
 * how far it got: every `everyCount` containers or `everyMs`, whichever comes first.
 */
export class SweepProgress {
  private readonly total: number;
  private readonly everyCount: number;
  private readonly everyMs: number;
  private readonly quiet: boolean;
  private readonly now: () => number;
  private lastCount = 0;
  private lastAt: number;

  constructor(options: SweepProgressOptions) {
    this.total = options.total;
    this.everyCount = options.everyCount ?? 100;
    this.everyMs = options.everyMs ?? 2000;
    this.now = options.now ?? Date.now;
    this.quiet = options.total <= (options.quietUpTo ?? 0);
    this.lastAt = this.now();
  }

  /** Call after each container; true when this one should be reported. The last never is (the sweep's end is logged anyway). */
  shouldReport(done: number): boolean {
    if (this.quiet || done >= this.total) return false;
    const now = this.now();
    if (done - this.lastCount < this.everyCount && now - this.lastAt < this.everyMs) return false;
    this.lastCount = done;
    this.lastAt = now;
    return true;
  }
}
