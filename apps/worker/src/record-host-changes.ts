import type { HostChange, HostChangeLedger } from "@dehandler/contract";
import type { PlannedCommand } from "@dehandler/labels";
import { NetnsGoneError, processStartTime } from "@dehandler/netns";

/** The container process whose start the job configures, as pinned. */
export interface PinnedProcess {
  pid: number;
  startTime: string;
}

/**
 * Applies host parts as changes owned by the container: under the engine's host-change lock,
 * checks that the container's process still runs (an end handled meanwhile would otherwise be
 * outrun, leaving a route nobody removes), records what undoes each change, then applies them.
 * Undefined when the container ended before.
 */
export async function applyOwnedHostChanges<T>(
  ledger: HostChangeLedger,
  containerId: string,
  process: PinnedProcess,
  commands: readonly PlannedCommand[],
  apply: () => Promise<T>,
): Promise<T | undefined> {
  return await ledger.withLock(async () => {
    if (!stillRunning(process)) return undefined;
    await ledger.record(containerId, commands.flatMap(toHostChange));
    return await apply();
  });
}

export function toHostChange(command: PlannedCommand): HostChange[] {
  if (command.undoArgv === undefined) return [];
  return [{ label: command.label, part: command.partText, argv: [...command.argv], undoArgv: [...command.undoArgv] }];
}

function stillRunning(process: PinnedProcess): boolean {
  try {
    return processStartTime(process.pid) === process.startTime;
  } catch (error) {
    if (error instanceof NetnsGoneError) return false;
    throw error;
  }
}
