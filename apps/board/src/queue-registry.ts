import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { DehandlerQueueRef, InspectedQueue, QueueDiscovery } from "@dehandler/contract";
import type { Logger } from "@dehandler/service";
import { deadLetterJobName, formatDeadLetterData, startJobName } from "./job-formatters.js";

/** The part of Bull Board's createBullBoard result that the registry drives. */
export interface BoardQueueSink {
  addQueue(adapter: BullMQAdapter): void;
  removeQueue(name: string): void;
}

function adapterFor(ref: DehandlerQueueRef, queue: InspectedQueue): BullMQAdapter {
  if (ref.kind === "container-jobs") {
    const adapter = new BullMQAdapter(queue, {
      displayName: `${ref.engineId} · container jobs${ref.former === true ? " (former name)" : ""}`,
      description:
        `Engine ${ref.engineId}: one job per container start, stop and network connect. A failed job's reason names the label part and ` +
        "what the kernel said; Retry runs it again (fix the cause first). Full details: the dead-letter queue." +
        (ref.former === true ? " Under its earlier name: this engine's watcher and worker predate the rename (they move it when they start)." : ""),
    });
    adapter.setFormatter("name", startJobName);
    return adapter;
  }
  // Nothing consumes dead letters: retrying one would do nothing, so only removal is offered.
  const adapter = new BullMQAdapter(queue, {
    allowRetries: false,
    displayName: `${ref.engineId} · dead letters`,
    description:
      `Engine ${ref.engineId}: starts a worker gave up on, with container, label, part, command (argv), exit code and stderr. ` +
      "To run one again, retry its job in the container-jobs queue.",
  });
  adapter.setFormatter("name", deadLetterJobName);
  adapter.setFormatter("data", formatDeadLetterData);
  return adapter;
}

/**
 * Keeps the board's queue list equal to the dehandler queues in Redis: queues of a new engine
 * appear at the next scan, obliterated ones disappear, without a restart.
 */
export class QueueRegistry {
  private readonly open = new Map<string, InspectedQueue>();
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly discovery: QueueDiscovery,
    private readonly board: BoardQueueSink,
    private readonly logger: Logger,
    private readonly onQueueError: (error: Error) => void,
  ) {}

  get queueNames(): string[] {
    return [...this.open.keys()];
  }

  /** Scans once now; scan errors are logged, and the next scan tries again. */
  refresh(): Promise<void> {
    this.scanning ??= this.scan().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  /** Scans every `intervalMs` (one scan at a time) until closed. */
  startPolling(intervalMs: number): void {
    const tick = (): void => {
      this.timer = setTimeout(() => {
        void this.refresh().then(() => {
          if (!this.closed) tick();
        });
      }, intervalMs);
      this.timer.unref();
    };
    tick();
  }

  private async scan(): Promise<void> {
    let refs: DehandlerQueueRef[];
    try {
      refs = await this.discovery.scan();
    } catch (error) {
      this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, "queue discovery failed; trying again at the next scan");
      return;
    }
    if (this.closed) return;
    const present = new Set(refs.map((ref) => ref.name));
    for (const ref of refs) {
      if (this.open.has(ref.name)) continue;
      const queue = this.discovery.open(ref);
      queue.on("error", this.onQueueError);
      this.open.set(ref.name, queue);
      this.board.addQueue(adapterFor(ref, queue));
      this.logger.info({ queue: ref.name, engine: ref.engineId }, "queue added to the board");
    }
    for (const [name, queue] of this.open) {
      if (present.has(name)) continue;
      this.board.removeQueue(name);
      this.open.delete(name);
      await queue.close().catch(() => undefined);
      this.logger.info({ queue: name }, "queue gone from Redis; removed from the board");
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.scanning;
    const queues = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(queues.map((queue) => queue.close()));
  }
}
