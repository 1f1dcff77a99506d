/** Milliseconds spent in each stage of a job, for the "container configured" line. */
export class StageTimer {
  readonly stages: Record<string, number> = {};
  #last = performance.now();

  /** Ends the current stage under `name` and starts the next. */
  mark(name: string): void {
    const now = performance.now();
    this.stages[name] = Math.round((now - this.#last) * 10) / 10;
    this.#last = now;
  }
}
