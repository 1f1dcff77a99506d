import { HostChangeSchema, startStamp, type HostChange } from "@dehandler/contract";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

const RecordSchema = z.object({
  /** The start it stands for (StartedAt, as a stamp). */
  stamp: z.string(),
  /** The job that claimed that start. */
  jobId: z.string(),
  /** Whether that job configured it to the end (its start script ran). */
  done: z.boolean(),
  /** The host changes the container holds, as the ledger had them last. */
  hostChanges: z.array(HostChangeSchema),
});
export type LocalStartRecord = z.infer<typeof RecordSchema>;

/**
 * What this worker handled, kept on the host beside Redis: per container, which job claimed its
 * current start and which host changes it holds. A Redis that lost its data (restarted without
 * persistence, a replica promoted before it had the last writes) forgets claims and ledger; the
 * watcher's re-sweep then queues every running container again, and this record is what tells
 * the worker that a start was handled already (its script is not run twice) and which host
 * changes to record again (so they are still undone at the container's end). Kept in a folder
 * that lives as long as the containers' starts do: /run (cleared at boot) by default.
 */
export class LocalStartRecords {
  private constructor(private readonly dir: string) {}

  /** Creates the folder (owner only); a folder that cannot be made is a start error naming the variable. */
  static async open(stateDir: string): Promise<LocalStartRecords> {
    const dir = join(stateDir, "starts");
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new Error(`DEHANDLER_STATE_DIR: cannot create ${dir} (${(error as Error).message}); set it to a writable folder`, { cause: error });
    }
    return new LocalStartRecords(dir);
  }

  /** The record of this start of the container, if this host's workers handled it. */
  async of(containerId: string, startedAt: string): Promise<LocalStartRecord | undefined> {
    const record = await this.read(containerId);
    return record?.stamp === startStamp(startedAt) ? record : undefined;
  }

  /** A job claimed this start: it replaces the record of any earlier start of the container. */
  async claimed(containerId: string, startedAt: string, jobId: string): Promise<void> {
    const earlier = await this.read(containerId);
    const stamp = startStamp(startedAt);
    // Host changes outlive a start (a restart keeps them), so they carry over to the next.
    await this.write(containerId, { stamp, jobId, done: false, hostChanges: earlier?.hostChanges ?? [] });
  }

  /** The claiming job configured the start to the end: a later job for it runs nothing. */
  async configured(containerId: string, startedAt: string): Promise<void> {
    const record = await this.of(containerId, startedAt);
    if (record !== undefined) await this.write(containerId, { ...record, done: true });
  }

  /** The host changes the container holds now (mirrors the ledger after a change to it). */
  async holds(containerId: string, hostChanges: readonly HostChange[]): Promise<void> {
    const record = await this.read(containerId);
    if (record === undefined) return;
    await this.write(containerId, { ...record, hostChanges: [...hostChanges] });
  }

  /** The container ended and its host changes were undone: nothing of it is kept. */
  async forget(containerId: string): Promise<void> {
    await rm(this.path(containerId), { force: true });
  }

  private async read(containerId: string): Promise<LocalStartRecord | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(containerId), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    // A record cut short (a crash while writing cannot do that: writes are renamed into place) or
    // from another version is no record: the start is then handled as Redis says.
    const parsed = RecordSchema.safeParse(safeJson(text));
    return parsed.success ? parsed.data : undefined;
  }

  private async write(containerId: string, record: LocalStartRecord): Promise<void> {
    const path = this.path(containerId);
    // Unique per write: two jobs of one container (a start and a network connect) may write at once.
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(temporary, JSON.stringify(record), { mode: 0o600 });
    await rename(temporary, path);
  }

  private path(containerId: string): string {
    if (!/^[0-9a-f]{12,64}$/.test(containerId)) throw new RangeError(`not a container id: ${JSON.stringify(containerId)}`);
    return join(this.dir, containerId);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
