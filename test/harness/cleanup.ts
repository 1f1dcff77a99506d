/**
 * Undo steps registered as a test creates things, run last-in first-out after it, even when it
 * failed. Every step runs; failures are collected and reported together.
 */
export class Cleanup {
  private readonly steps: { what: string; undo: () => Promise<unknown> }[] = [];

  defer(what: string, undo: () => Promise<unknown>): void {
    this.steps.push({ what, undo });
  }

  async run(): Promise<void> {
    const failures: string[] = [];
    for (let step = this.steps.pop(); step !== undefined; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (error) {
        failures.push(`${step.what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(`cleanup failed:\n${failures.join("\n")}`);
  }
}
