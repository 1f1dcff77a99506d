import type { ContainerJob, HostChangeLedger } from "@dehandler/contract";
import { inspectContainer, type ContainerSnapshot } from "@dehandler/engine";
import type { PlannedCommand } from "@dehandler/labels";
import {
  NetnsGoneError,
  pinProcessNetns,
  type IpExecutorName,
  type NetnsHandle,
  type PinnedProcessNetns,
  type ProcessRunner,
} from "@dehandler/netns";
import type { Logger } from "@dehandler/service";
import type Docker from "dockerode";
import { applyCommands, type ApplyCounts } from "./apply-commands.js";
import { checkStillThisStart, type Stale } from "./check-still-this-start.js";
import { HostNamespaceError } from "./errors/host-namespace-error.js";
import { HostPolicyError } from "./errors/host-policy-error.js";
import { PidNamespaceError } from "./errors/pid-namespace-error.js";
import { checkHostPolicy, type HostPolicy } from "./host-policy/host-policy.js";
import { applyOwnedHostChanges, type OutcomeListener } from "./apply-owned-host-changes.js";
import type { LocalStartRecords } from "./local-start-records.js";
import { resolveReferences } from "./resolve-references.js";
import type { StageTimer } from "./stage-timer.js";
import type { WorkerMetrics } from "./worker-metrics.js";

export interface ApplyPlanDeps {
  docker: Docker;
  /** The worker's own namespace: container commands must never land in it. */
  hostNetns: NetnsHandle;
  hostChanges: HostChangeLedger;
  /** Mirrors, per container, what the ledger says it holds. */
  localStarts: LocalStartRecords;
  commandTimeoutMs: number;
  ipExecutor: IpExecutorName;
  /** Starts nsenter/ip and the start/stop scripts (the spawner helper, host ip sessions in front). */
  runner: ProcessRunner;
  hostPolicy: HostPolicy;
  metrics: WorkerMetrics;
}

export interface PlanApplied extends ApplyCounts {
  /** Networks the labels name that are not attached yet. */
  late: string[];
}

/**
 * Pins the container's namespace, resolves `@<network>` references, checks the host policy and
 * applies the commands `select` keeps: container parts in the namespace, then host parts as
 * changes owned by the container. Nothing runs if a reference or a host part is refused.
 */
export async function applyPlan(
  deps: ApplyPlanDeps,
  container: ContainerSnapshot,
  job: ContainerJob,
  commands: readonly PlannedCommand[],
  logger: Logger,
  timer: StageTimer,
  /** For a late network's job: only the commands naming it, other networks' trouble set aside. */
  select?: (command: PlannedCommand) => boolean,
): Promise<PlanApplied | Stale> {
  const hostOnly = !commands.some((command) => command.target === "container");
  return await withContainerNetns(deps, container, job, hostOnly, logger, async (pinned): Promise<PlanApplied | Stale> => {
    timer.mark("netns");
    const resolved = await resolveReferences(deps, commands, container, pinned.handle, logger, select !== undefined);
    const chosen = select === undefined ? resolved.commands : resolved.commands.filter(select);
    // Checked before anything runs, so that a refused host part leaves nothing half-applied.
    const refusals = checkHostPolicy(deps.hostPolicy, chosen, container);
    if (refusals.length > 0) throw new HostPolicyError(refusals);
    timer.mark("plan");
    const apply = (netns: NetnsHandle | undefined, some: readonly PlannedCommand[], onOutcome?: OutcomeListener): Promise<ApplyCounts> =>
      applyCommands(
        some,
        { container: netns, executor: deps.ipExecutor, runner: deps.runner, timeoutMs: deps.commandTimeoutMs, metrics: deps.metrics, onOutcome },
        logger,
      );
    const inContainer = chosen.filter((command) => command.target === "container");
    const onHost = chosen.filter((command) => command.target === "host");
    const counts = inContainer.length > 0 ? await apply(pinned.handle, inContainer) : { applied: 0, already: 0 };
    if (onHost.length === 0) return { ...counts, late: resolved.late };
    const process = { pid: container.pid, startTime: pinned.startTime };
    const host = await applyOwnedHostChanges(deps.hostChanges, container.id, process, onHost, (onOutcome) => apply(undefined, onHost, onOutcome));
    if (host === undefined) return { outcome: "container-gone" };
    await deps.localStarts.holds(
      container.id,
      (await deps.hostChanges.recorded(container.id)).map(({ change }) => change),
    );
    return { applied: counts.applied + host.applied, already: counts.already + host.already, late: resolved.late };
  });
}

/**
 * Pins the container's namespace through its pid. /proc shows the same process before and after
 * the namespace was opened, in the container's cgroup: a pid recycled after the inspect would
 * fail that. Where cgroup paths do not name containers (an unusual engine setup), the engine is
 * asked again instead. A container sharing the host's namespace may only have host parts.
 */
async function withContainerNetns<T>(
  deps: ApplyPlanDeps,
  container: ContainerSnapshot,
  job: ContainerJob,
  hostOnly: boolean,
  logger: Logger,
  use: (pinned: PinnedProcessNetns) => Promise<T>,
): Promise<T | Stale> {
  let pinned;
  try {
    pinned = await pinProcessNetns(container.pid, container.id);
  } catch (error) {
    if (!(error instanceof NetnsGoneError)) throw error;
    const again = await inspectContainer(deps.docker, container.id);
    // Still running, same start, same pid, yet no such process here: another pid namespace.
    if (checkStillThisStart(again, job) === undefined && again?.pid === container.pid) throw new PidNamespaceError(container.pid);
    return { outcome: "container-gone" };
  }
  try {
    if (!pinned.inCgroup) {
      logger.debug({ pid: container.pid }, "the pid's cgroup does not name the container; asking the engine again");
      const again = await inspectContainer(deps.docker, container.id);
      const stale = checkStillThisStart(again, job);
      if (stale !== undefined) return stale;
      if (again?.pid !== container.pid || again.startedAt !== container.startedAt) return { outcome: "container-gone" };
    }
    if (!hostOnly && pinned.handle.sameAs(deps.hostNetns)) throw new HostNamespaceError(container.name);
    return await use(pinned);
  } finally {
    await pinned.handle.close();
  }
}
