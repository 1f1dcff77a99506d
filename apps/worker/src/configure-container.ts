import type { ContainerStartJob } from "@dehandler/contract";
import { inspectContainer, type ContainerSnapshot } from "@dehandler/engine";
import { planFromLabels, type LabelVariables } from "@dehandler/labels";
import { NetnsGoneError, NetnsHandle } from "@dehandler/netns";
import type { Logger } from "@dehandler/service";
import type Docker from "dockerode";
import { applyCommands, type ApplyCounts, type IpExecutorName } from "./apply-commands.js";
import { HostNamespaceError } from "./errors/host-namespace-error.js";
import { HostPolicyError } from "./errors/host-policy-error.js";
import { PidNamespaceError } from "./errors/pid-namespace-error.js";
import { checkHostPolicy, type HostPolicy } from "./host-policy/host-policy.js";
import { InvalidLabelsError } from "./errors/invalid-labels-error.js";
import { findStartScript } from "./find-start-script.js";
import { runStartScript } from "./run-start-script.js";
import type { WorkerMetrics } from "./worker-metrics.js";

export interface ConfigureDeps {
  docker: Docker;
  /** The worker's own namespace: container commands must never land in it. */
  hostNetns: NetnsHandle;
  labelVariables: LabelVariables;
  scriptsDir: string | undefined;
  commandTimeoutMs: number;
  ipExecutor: IpExecutorName;
  scriptTimeoutMs: number;
  scriptEnv: Readonly<Record<string, string>>;
  hostPolicy: HostPolicy;
  metrics: WorkerMetrics;
}

export type ConfigureResult =
  | { outcome: "configured"; applied: number; already: number; script: "ran" | "none" }
  | { outcome: "nothing-to-do" }
  | { outcome: "container-gone" }
  | { outcome: "superseded"; startedAt: string };

/** Applies a container's labels and start script for the start this job stands for. */
export async function configureContainer(deps: ConfigureDeps, job: ContainerStartJob, logger: Logger): Promise<ConfigureResult> {
  const container = await inspectContainer(deps.docker, job.containerId);
  const stale = checkStillThisStart(container, job);
  if (stale !== undefined || container === undefined) return logStale(stale ?? { outcome: "container-gone" }, logger);

  const planned = planFromLabels(container.labels, deps.labelVariables);
  for (const warning of planned.ok ? planned.plan.warnings : planned.warnings) {
    logger.warn({ label: warning.label, problem: warning.message }, "label warning");
  }
  if (!planned.ok) throw new InvalidLabelsError(planned.errors);
  const { commands } = planned.plan;
  // Checked before anything runs, so that a refused host part leaves nothing half-applied.
  const refusals = checkHostPolicy(deps.hostPolicy, commands, container);
  if (refusals.length > 0) throw new HostPolicyError(refusals);
  const script = await findStartScript(deps.scriptsDir, container.name, logger);
  if (commands.length === 0 && script === undefined) return { outcome: "nothing-to-do" };

  let counts: ApplyCounts = { applied: 0, already: 0 };
  if (commands.some((command) => command.target === "container")) {
    const result = await withContainerNetns(deps, container, job, (netns) =>
      applyCommands(commands, { container: netns, executor: deps.ipExecutor, timeoutMs: deps.commandTimeoutMs, metrics: deps.metrics }, logger),
    );
    if ("outcome" in result) return logStale(result, logger);
    counts = result;
  } else if (commands.length > 0) {
    // Host routes only: the container's namespace is not needed, even if it is the host's own.
    counts = await applyCommands(commands, { container: undefined, executor: deps.ipExecutor, timeoutMs: deps.commandTimeoutMs, metrics: deps.metrics }, logger);
  }
  if (script !== undefined) {
    const ran = await runStartScript({ path: script, container, timeoutMs: deps.scriptTimeoutMs, baseEnv: deps.scriptEnv });
    logger.info({ script, durationMs: ran.durationMs, output: ran.output.slice(-2000) }, "start script ran");
  }
  const result: ConfigureResult = { outcome: "configured", ...counts, script: script === undefined ? "none" : "ran" };
  logger.info(result, "container configured");
  return result;
}

type Stale = Extract<ConfigureResult, { outcome: "container-gone" | "superseded" }>;

function checkStillThisStart(container: ContainerSnapshot | undefined, job: ContainerStartJob): Stale | undefined {
  if (container === undefined || !container.running) return { outcome: "container-gone" };
  // A newer start has its own job; this one must not run its script a second time.
  if (container.startedAt !== job.startedAt) return { outcome: "superseded", startedAt: container.startedAt };
  return undefined;
}

function logStale(stale: Stale, logger: Logger): Stale {
  logger.info(stale, stale.outcome === "container-gone" ? "container gone; nothing to configure" : "container restarted since; superseded");
  return stale;
}

/**
 * Pins the container's namespace through its pid, then checks that the pid still belongs to this
 * start: a pid recycled between inspect and open would otherwise point into someone else's
 * namespace, the host's included.
 */
async function withContainerNetns<T>(
  deps: ConfigureDeps,
  container: ContainerSnapshot,
  job: ContainerStartJob,
  use: (netns: NetnsHandle) => Promise<T>,
): Promise<T | Stale> {
  let netns: NetnsHandle;
  try {
    netns = await NetnsHandle.forPid(container.pid);
  } catch (error) {
    if (!(error instanceof NetnsGoneError)) throw error;
    const again = await inspectContainer(deps.docker, container.id);
    // Still running, same start, same pid, yet no such process here: another pid namespace.
    if (checkStillThisStart(again, job) === undefined && again?.pid === container.pid) throw new PidNamespaceError(container.pid);
    return { outcome: "container-gone" };
  }
  try {
    const again = await inspectContainer(deps.docker, container.id);
    const stale = checkStillThisStart(again, job);
    if (stale !== undefined) return stale;
    if (again?.pid !== container.pid) return { outcome: "container-gone" };
    if (netns.sameAs(deps.hostNetns)) throw new HostNamespaceError(container.name);
    return await use(netns);
  } finally {
    await netns.close();
  }
}
