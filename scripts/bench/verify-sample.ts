import { execa } from "execa";
import type { BenchContainerPlan } from "./bench-labels.js";
import type { StartedBenchContainer } from "./bench-containers.js";

/** How many containers are checked: first, middle and last of the burst. */
const SAMPLE = 3;

async function run(argv: readonly [string, ...string[]]): Promise<string> {
  const [file, ...args] = argv;
  const result = await execa(file, args, { reject: false });
  if (result.exitCode !== 0) throw new Error(`${argv.join(" ")} exited with ${result.exitCode}: ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * Reads back, for a sample of containers, what the worker claims to have done: both addresses
 * on eth0, the default route in table 100, exactly one rule for the extra address (the
 * de-duplication path), and the host route toward the container. Fast figures for work not
 * done would be worse than no figures. Returns the names checked.
 */
export async function verifySample(
  plans: readonly BenchContainerPlan[],
  started: readonly StartedBenchContainer[],
  gateway: string,
): Promise<string[]> {
  const indexes = [...new Set([0, Math.floor((plans.length - 1) / 2), plans.length - 1])].slice(0, SAMPLE);
  const problems: string[] = [];
  for (const index of indexes) {
    const plan = plans[index];
    const container = started[index];
    if (plan === undefined || container === undefined) continue;
    const inNetns = ["nsenter", `--net=/proc/${container.pid}/ns/net`] as const;
    const addresses = await run([...inNetns, "ip", "-4", "address", "show", "dev", "eth0"]);
    for (const address of plan.extraAddresses) {
      if (!addresses.includes(`inet ${address}/32 `)) problems.push(`${plan.name}: eth0 lacks ${address}/32`);
    }
    const table100 = await run([...inNetns, "ip", "-4", "route", "show", "table", "100"]);
    if (!table100.includes(`default via ${gateway}`)) problems.push(`${plan.name}: table 100 lacks default via ${gateway}`);
    const rules = (await run([...inNetns, "ip", "-4", "rule", "show"]))
      .split("\n")
      .filter((line) => line.includes(`from ${plan.extraAddresses[1]} lookup 100`));
    if (rules.length !== 1) problems.push(`${plan.name}: expected 1 rule from ${plan.extraAddresses[1]} lookup 100, found ${rules.length}`);
    const hostRoute = await run(["ip", "-4", "route", "show", plan.hostRoute]);
    if (!hostRoute.includes(`via ${plan.ip}`)) problems.push(`${plan.name}: host lacks route ${plan.hostRoute} via ${plan.ip}`);
  }
  if (problems.length > 0) throw new Error(`the worker reported containers configured that are not:\n${problems.join("\n")}`);
  return indexes.flatMap((index) => plans[index]?.name ?? []);
}
