import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Queue } from "bullmq";
import { z } from "zod";
import type { EngineQueueNames } from "./queue-names.js";
import { deleteKeys } from "./scan-keys.js";
import { HostLockTimeoutError } from "./host-lock-timeout-error.js";

/** A route or rule a container's labels add to the host, with how to take it away again. */
export const HostChangeSchema = z.object({
  label: z.string(),
  part: z.string(),
  argv: z.array(z.string()),
  undoArgv: z.array(z.string()).min(1),
});
export type HostChange = z.infer<typeof HostChangeSchema>;

// Lua, so that each step is atomic on any Redis version (and BullMQ's client offers few commands).
const SCRIPTS = {
  dehandlerHostLock: {
    lua: `return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') and 1 or 0`,
  },
  // Extends the lock while its holder still works (a stop undoing many changes, slow ip runs).
  dehandlerHostRenew: {
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`,
  },
  dehandlerHostUnlock: {
    lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`,
  },
  // Every key a script touches is passed in KEYS (Redis Cluster's rule; they share the engine's
  // hash tag, so one slot): the container's record, the set of containers, then the owners set of
  // each change. ARGV: the container id, then each change's id (and, to record, its text) in KEYS' order.
  // Record answers, per change, 1 when nobody owned it before.
  dehandlerHostRecord: {
    lua: `
local fresh = {}
for i = 3, #KEYS do
  local j = i - 2
  fresh[j] = redis.call('SCARD', KEYS[i]) == 0 and 1 or 0
  redis.call('HSET', KEYS[1], ARGV[2 * j], ARGV[2 * j + 1])
  redis.call('SADD', KEYS[i], ARGV[1])
end
redis.call('SADD', KEYS[2], ARGV[1])
return fresh`,
  },
  dehandlerHostRelease: {
    lua: `
for i = 3, #KEYS do
  redis.call('HDEL', KEYS[1], ARGV[i - 1])
  redis.call('SREM', KEYS[i], ARGV[1])
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[1]) end
return 1`,
  },
  dehandlerHostForget: {
    lua: `
for i = 3, #KEYS do
  redis.call('SREM', KEYS[i], ARGV[1])
end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1`,
  },
} as const;
type ScriptName = keyof typeof SCRIPTS;

const LOCK_TTL_MS = 30_000;
// Short: host parts hold the lock for a few milliseconds, and starts in a burst queue behind each other.
const LOCK_POLL_MS = 2;

/**
 * Who owns which host change. Each container's host routes and rules are recorded before they
 * are applied; when it ends, those no other container also holds are undone, then forgotten.
 * Changes are identified by what undoes them, so `add X` and `replace X` from two containers are
 * one change with two owners. Reading and changing the ledger together with the host happens
 * under one lock per engine, so an end and a start of containers sharing a route cannot
 * interleave. Plain keys beside the queues, through a queue's own Redis connection.
 */
export class HostChangeLedger {
  readonly #defined = new Set<string>();

  constructor(
    private readonly names: EngineQueueNames,
    /** Any BullMQ queue or worker of this engine. */
    private readonly queue: Pick<Queue, "getBackend">,
  ) {}

  /** Runs `use` holding the engine's host-change lock, waiting for it at most `waitMs`. */
  async withLock<T>(use: () => Promise<T>, waitMs = LOCK_TTL_MS): Promise<T> {
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    while ((await this.run("dehandlerHostLock", [this.key("lock")], [token, LOCK_TTL_MS])) !== 1) {
      if (Date.now() > deadline) throw new HostLockTimeoutError(this.key("lock"), waitMs);
      await sleep(LOCK_POLL_MS);
    }
    // Renewed while held: a holder outliving the lock's life would let another in beside it.
    const renewal = setInterval(() => {
      this.run("dehandlerHostRenew", [this.key("lock")], [token, LOCK_TTL_MS]).catch(() => undefined);
    }, LOCK_TTL_MS / 3);
    try {
      return await use();
    } finally {
      clearInterval(renewal);
      await this.run("dehandlerHostUnlock", [this.key("lock")], [token]);
    }
  }

  /**
   * Records that `containerId` holds these changes (before they are applied: a half-applied set is
   * undone too). Answers, per change, whether nobody held it before: if such a change then turns
   * out to be on the host already, it is someone else's, and must be released.
   */
  async record(containerId: string, changes: readonly HostChange[]): Promise<boolean[]> {
    if (changes.length === 0) return [];
    const ids = changes.map(changeId);
    const pairs = changes.flatMap((change, index) => [ids[index] ?? "", JSON.stringify(change)]);
    const fresh = await this.run("dehandlerHostRecord", this.containerKeys(containerId, ids), [containerId, ...pairs]);
    if (!Array.isArray(fresh)) throw new Error(`unexpected answer from the host-change record script: ${String(fresh)}`);
    return fresh.map((flag) => flag === 1);
  }

  /** Drops these changes from a container's record (they were not its to undo). */
  async release(containerId: string, changes: readonly HostChange[]): Promise<void> {
    if (changes.length === 0) return;
    const ids = changes.map(changeId);
    await this.run("dehandlerHostRelease", this.containerKeys(containerId, ids), [containerId, ...ids]);
  }

  /** The changes recorded for a container, each with whether another container holds it too. */
  async recorded(containerId: string): Promise<{ change: HostChange; sharedWith: string[] }[]> {
    const client = await this.client();
    const entries = await client.hgetall(this.key("of", containerId));
    const out: { change: HostChange; sharedWith: string[] }[] = [];
    for (const [id, text] of Object.entries(entries)) {
      const parsed = HostChangeSchema.safeParse(JSON.parse(text));
      if (!parsed.success) continue;
      const owners = await client.smembers(this.key("owners", id));
      out.push({ change: parsed.data, sharedWith: owners.filter((owner) => owner !== containerId) });
    }
    return out;
  }

  /**
   * Forgets everything a container held (after what only it held was undone). Called under the
   * lock, so the record read first is still the record when the script runs.
   */
  async forget(containerId: string): Promise<void> {
    const ids = Object.keys(await (await this.client()).hgetall(this.key("of", containerId)));
    await this.run("dehandlerHostForget", this.containerKeys(containerId, ids), [containerId]);
  }

  /** Containers that hold host changes. */
  async owners(): Promise<string[]> {
    const client = await this.client();
    return await client.smembers(this.key("containers"));
  }

  /** Removes the whole ledger of this engine: for tests and for retiring an engine. */
  async removeAll(): Promise<void> {
    await deleteKeys(await this.client(), `${this.key()}:*`);
  }

  /** The keys a change of this container's record touches: its record, the containers, each change's owners. */
  private containerKeys(containerId: string, changeIds: readonly string[]): string[] {
    return [this.key("of", containerId), this.key("containers"), ...changeIds.map((id) => this.key("owners", id))];
  }

  private async run(name: ScriptName, keys: string[], argv: (string | number)[]): Promise<unknown> {
    const client = await this.client();
    // One command per script and key count (a client needs the count to route a call in a cluster).
    const command = `${name}${keys.length}`;
    if (!this.#defined.has(command)) {
      client.defineCommand(command, { numberOfKeys: keys.length, lua: SCRIPTS[name].lua });
      this.#defined.add(command);
    }
    return (await client.runCommand(command, [...keys, ...argv])) as unknown;
  }

  private async client() {
    return await this.queue.getBackend().client;
  }

  private key(...parts: string[]): string {
    return [this.names.hostChanges, ...parts].join(":");
  }
}

function changeId(change: HostChange): string {
  return createHash("sha256").update(JSON.stringify(change.undoArgv)).digest("hex").slice(0, 24);
}
