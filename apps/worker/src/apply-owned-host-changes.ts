import type { HostChange, HostChangeLedger } from "@dehandler/contract";
import type { PlannedCommand } from "@dehandler/labels";
import { NetnsGoneError, processStartTime } from "@dehandler/netns";

/** The container process whose start the job configures, as pinned. */
export interface PinnedProcess {
  pid: number;
  startTime: string;
}

export type OutcomeListener = (command: PlannedCommand, outcome: "applied" | "already") => void;

/**
 * Applies host parts as changes owned by the container: under the engine's host-change lock,
 * checks that the container's process still runs (an end handled meanwhile would otherwise be
 * outrun, leaving a route nobody removes), records what undoes each change, then applies them.
 * A change nobody owned that the container did not add itself (it was there already, or it never
 * ran) is released again: a route the operator made is never removed because a label repeats it.
 * Undefined when the container ended before.
 */
export async function applyOwnedHostChanges<T>(
  ledger: HostChangeLedger,
  containerId: string,
  process: PinnedProcess,
  commands: readonly PlannedCommand[],
  apply: (onOutcome: OutcomeListener) => Promise<T>,
): Promise<T | undefined> {
  return await ledger.withLock(async () => {
    if (!stillRunning(process)) return undefined;
    const owned = commands.flatMap((command) =>
      command.undoArgv === undefined ? [] : [{ command, change: toHostChange(command, command.undoArgv) }],
    );
    const fresh = await ledger.record(
      containerId,
      owned.map(({ change }) => change),
    );
    const added = new Set<PlannedCommand>();
    try {
      return await apply((command, outcome) => {
        if (outcome === "applied") added.add(command);
      });
    } finally {
      await ledger.release(
        containerId,
        owned.filter(({ command }, index) => fresh[index] === true && !added.has(command)).map(({ change }) => change),
      );
    }
  });
}

function toHostChange(command: PlannedCommand, undoArgv: readonly string[]): HostChange {
  return { label: command.label, part: command.partText, argv: [...command.argv], undoArgv: [...undoArgv] };
}

function stillRunning(process: PinnedProcess): boolean {
  try {
    return processStartTime(process.pid) === process.startTime;
  } catch (error) {
    if (error instanceof NetnsGoneError) return false;
    throw error;
  }
}
