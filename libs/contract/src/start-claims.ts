import type { Queue } from "bullmq";
import { KEEP_FINISHED_SECONDS, startStamp } from "./job-catalog.js";
import type { EngineQueueNames } from "./queue-names.js";
import { deleteKeys } from "./scan-keys.js";

export type ClaimOutcome = { claimed: true } | { claimed: false; holder: string };

const CLAIM_COMMAND = "dehandlerClaimStart";
// Atomic on any Redis version: the holder if there is one, else this job, which becomes the holder.
const CLAIM_LUA = `
local holder = redis.call('GET', KEYS[1])
if holder then return holder end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return ARGV[1]
`;

/**
 * Which job handles a container start. A start can be seen by its event and by a sweep, as two
 * jobs; the first job to claim the start (container id + StartedAt) handles it, any other finds
 * the holder and does nothing. Claims last as long as finished jobs are kept. Stored as plain
 * keys beside the queues, through the queue's own Redis connection.
 */
export class StartClaims {
  #defined: Promise<void> | undefined;

  constructor(
    private readonly names: EngineQueueNames,
    /** Any BullMQ queue or worker of this engine. */
    private readonly queue: Pick<Queue, "getBackend">,
  ) {}

  /** Claims the start for `jobId`; the same job claiming again (a retry) gets it again. */
  async claim(containerId: string, startedAt: string, jobId: string): Promise<ClaimOutcome> {
    const client = await this.client();
    this.#defined ??= Promise.resolve(client.defineCommand(CLAIM_COMMAND, { numberOfKeys: 1, lua: CLAIM_LUA }));
    await this.#defined;
    const holder: unknown = await client.runCommand(CLAIM_COMMAND, [this.key(containerId, startedAt), jobId, KEEP_FINISHED_SECONDS]);
    if (typeof holder !== "string") throw new Error(`unexpected answer from the start claim script: ${String(holder)}`);
    return holder === jobId ? { claimed: true } : { claimed: false, holder };
  }

  /** The job that claimed this start, if any. */
  async holder(containerId: string, startedAt: string): Promise<string | undefined> {
    const client = await this.client();
    return (await client.get(this.key(containerId, startedAt))) ?? undefined;
  }

  /** Removes every claim of this engine: for tests and for retiring an engine. */
  async removeAll(): Promise<void> {
    await deleteKeys(await this.client(), `${this.names.startClaims}:*`);
  }

  private async client() {
    return await this.queue.getBackend().client;
  }

  private key(containerId: string, startedAt: string): string {
    return `${this.names.startClaims}:${containerId}:${startStamp(startedAt)}`;
  }
}
