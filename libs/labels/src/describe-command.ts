import type { PlannedCommand } from "./plan-types.js";

/** The command line as it will run, e.g. "ip route add default via 1.2.3.4" (for logs and plans). */
export function describeCommand(cmd: PlannedCommand): string {
  return ["ip", ...cmd.argv].join(" ");
}
