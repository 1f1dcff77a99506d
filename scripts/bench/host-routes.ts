import { execa } from "execa";
import { inLanes } from "./in-lanes.js";

/** Removes the host routes a phase caused; one already gone ("No such process") is fine. */
export async function deleteHostRoutes(routes: readonly string[], concurrency: number): Promise<void> {
  const failures: string[] = [];
  await inLanes(routes, concurrency, async (route) => {
    const result = await execa("ip", ["route", "del", route], { reject: false });
    if (result.exitCode !== 0 && !result.stderr.includes("No such process")) failures.push(`${route}: ${result.stderr.trim()}`);
  });
  if (failures.length > 0) throw new Error(`could not delete ${failures.length} host routes: ${failures.slice(0, 3).join("; ")}`);
}
