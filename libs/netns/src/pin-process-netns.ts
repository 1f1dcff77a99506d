import { readFileSync } from "node:fs";
import { NetnsGoneError } from "./errors/netns-gone-error.js";
import { NetnsHandle } from "./netns-handle.js";

export interface PinnedProcessNetns {
  handle: NetnsHandle;
  /** The process's cgroup path (as seen from here) contains `cgroupMarker`. */
  inCgroup: boolean;
  /** The process's start time (clock ticks since boot): compare with processStartTime(pid) to tell it still runs. */
  startTime: string;
}

/**
 * Pins the network namespace of process `pid` and tells whether that process belongs to the
 * cgroup named by `cgroupMarker` (for a Docker container: its id). The process's start time is
 * read before the namespace is opened and again after its cgroup is read: equal, they prove the
 * namespace and the cgroup are those of one and the same process, so a pid reused meanwhile
 * cannot pass for the container's.
 */
export async function pinProcessNetns(pid: number, cgroupMarker: string): Promise<PinnedProcessNetns> {
  const startedBefore = processStartTime(pid);
  const handle = await NetnsHandle.forPid(pid);
  try {
    const cgroup = readProcFile(pid, "cgroup");
    if (processStartTime(pid) !== startedBefore) {
      throw new NetnsGoneError(handle.path, "the process was replaced while its namespace was opened");
    }
    return { handle, inCgroup: cgroup.includes(cgroupMarker), startTime: startedBefore };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Field 22 of /proc/<pid>/stat, in clock ticks since boot; the command name may hold spaces and parentheses. */
export function processStartTime(pid: number): string {
  const stat = readProcFile(pid, "stat");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields after the name start at field 3.
  const startTime = fields[22 - 3];
  if (startTime === undefined) throw new Error(`unexpected /proc/${pid}/stat: ${stat.slice(0, 200)}`);
  return startTime;
}

// Read synchronously: /proc files are made in memory and never wait on a disk, and a trip through
// the thread pool would only add scheduling delay on a busy machine.
function readProcFile(pid: number, name: "stat" | "cgroup"): string {
  const path = `/proc/${pid}/${name}`;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ESRCH") throw new NetnsGoneError(path, code, { cause: error });
    throw error;
  }
}
