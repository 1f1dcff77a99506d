import { readdir, readFile } from "node:fs/promises";
import { execa } from "execa";

/** CPU time of a process in clock ticks: its own, and that of the children it has waited for. */
export interface CpuTicks {
  self: number;
  children: number;
}

/** CPU time in seconds: the worker's `nsenter`/`ip` children land in `children`. */
export interface CpuSeconds {
  self: number;
  children: number;
}

/** Clock ticks per second (USER_HZ) for /proc/<pid>/stat; 100 on every Linux we know of. */
export async function clockTicksPerSecond(): Promise<number> {
  const result = await execa("getconf", ["CLK_TCK"], { reject: false });
  const ticks = Number(result.stdout.trim());
  return result.exitCode === 0 && Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
}

/**
 * utime+stime and cutime+cstime from /proc/<pid>/stat (fields 14–17). Children still running
 * (the worker's spawner helper) are added to `children`, with what they have waited for: their
 * CPU would otherwise only show once they exit.
 */
export async function readCpuTicks(pid: number): Promise<CpuTicks> {
  const own = await readOwnCpuTicks(pid);
  let children = own.children;
  for (const child of await liveChildren(pid)) {
    const ticks = await readCpuTicks(child).catch(() => ({ self: 0, children: 0 }));
    children += ticks.self + ticks.children;
  }
  return { self: own.self, children };
}

async function liveChildren(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
  const lists = await Promise.all(tasks.map((tid) => readFile(`/proc/${pid}/task/${tid}/children`, "utf8").catch(() => "")));
  return lists.flatMap((list) =>
    list
      .split(" ")
      .filter((word) => word !== "")
      .map(Number),
  );
}

async function readOwnCpuTicks(pid: number): Promise<CpuTicks> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) is in parentheses and may contain spaces: count from after it.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const field = (n: number): number => {
    const value = Number(fields[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`expected a number in field ${n} of /proc/${pid}/stat, got ${JSON.stringify(fields[n - 3])}`);
    return value;
  };
  return { self: field(14) + field(15), children: field(16) + field(17) };
}

export function cpuSecondsBetween(before: CpuTicks, after: CpuTicks, ticksPerSecond: number): CpuSeconds {
  return { self: (after.self - before.self) / ticksPerSecond, children: (after.children - before.children) / ticksPerSecond };
}

export interface RssMiB {
  /** VmHWM: the most the process has held since it started. */
  peak: number;
  /** VmRSS: what it holds now. */
  current: number;
}

/** Resident set sizes from /proc/<pid>/status, in MiB. */
export async function readRssMiB(pid: number): Promise<RssMiB> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const field = (name: string): number => {
    const kiB = Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status)?.[1] ?? Number.NaN);
    if (!Number.isFinite(kiB)) throw new Error(`expected a ${name} line in /proc/${pid}/status`);
    return kiB / 1024;
  };
  return { peak: field("VmHWM"), current: field("VmRSS") };
}
