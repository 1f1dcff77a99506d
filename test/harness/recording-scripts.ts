import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Cleanup } from "./cleanup.js";
import { scriptsDir, writeScript } from "./temp-dir.js";

/**
 * A scripts folder whose `start.<name>` scripts each append their container's name to one log,
 * so a test can count how often each ran.
 */
export class RecordingScripts {
  private constructor(
    readonly dir: string,
    private readonly record: string,
  ) {}

  static async create(cleanup: Cleanup): Promise<RecordingScripts> {
    const dir = await scriptsDir(cleanup);
    return new RecordingScripts(dir, join(dir, "runs.log"));
  }

  /** `sleepSeconds` keeps the script running a while, so that faults can hit it mid-run. */
  async add(containerName: string, sleepSeconds = 0): Promise<void> {
    const script = join(this.dir, `start.${containerName}`);
    const pause = sleepSeconds > 0 ? `sleep ${sleepSeconds}\n` : "";
    await writeScript(script, `#!/bin/sh\n${pause}echo "$CONTAINER_NAME" >> '${this.record}'\n`);
  }

  /** How many times each container's script has run to completion. */
  async runs(): Promise<Map<string, number>> {
    const text = await readFile(this.record, "utf8").catch(() => "");
    const counts = new Map<string, number>();
    for (const name of text.split("\n").filter((line) => line.length > 0)) counts.set(name, (counts.get(name) ?? 0) + 1);
    return counts;
  }
}
