import type { ContainerStartJob, StartClaims } from "@dehandler/contract";
import { inspectContainer, startedAtToNano, type ContainerSnapshot } from "@dehandler/engine";
import { planFromLabels, type LabelVariables } from "@dehandler/labels";
import { NetnsGoneError, pinProcessNetns, type Launcher, type NetnsHandle } from "@dehandler/netns";
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
import { StageTimer } from "./stage-timer.js";
import type { WorkerMetrics } from "./worker-metrics.js";

export interface ConfigureDeps {
  docker: Docker;
  claims: StartClaims;
  /** The worker's own namespace: container commands must never land in it. */
  hostNetns: NetnsHandle;
  labelVariables: LabelVariables;
  scriptsDir: string | undefined;
  commandTimeoutMs: number;
  ipExecutor: IpExecutorName;
  launcher: Launcher;
  scriptTimeoutMs: number;
  scriptEnv: Readonly<Record<string, string>>;
  hostPolicy: HostPolicy;
  metrics: WorkerMetrics;
}

export type ConfigureResult =
  | { outcome: "configured"; applied: number; already: number; script: "ran" | "none" }
  | { outcome: "nothing-to-do" }
  | { outcome: "container-gone" }
  | { outcome: "superseded"; startedAt: string }
  | { outcome: "duplicate"; handledBy: string };

/** What the job learnt of its start, for the dead-letter entry if it fails. */
export interface ObservedStart {
  startedAt: string | undefined;
}

export interface StartJob {
  id: string;
  data: ContainerStartJob;
  observed: ObservedStart;
  /** When a worker took the job (ms since the epoch). */
  takenAt: number | undefined;
}

/**
 * Applies a container's labels and start script for the start this job stands for. Asks the
 * engine once (inspect); that the pid still belongs to the container is checked in /proc.
 */
export async function configureContainer(deps: ConfigureDeps, startJob: StartJob, logger: Logger): Promise<ConfigureResult> {
  const { id: jobId, data: job } = startJob;
  const timer = new StageTimer();
  const container = await inspectContainer(deps.docker, job.containerId);
  timer.mark("inspect");
  if (container?.running === true) startJob.observed.startedAt = container.startedAt;
  const stale = checkStillThisStart(container, job);
  if (stale !== undefined || container === undefined) return logStale(stale ?? { outcome: "container-gone" }, logger);

  const planned = planFromLabels(container.labels, deps.labelVariables);
  for (const warning of planned.ok ? planned.plan.warnings : planned.warnings) {
    logger.warn({ label: warning.label, problem: warning.message }, "label warning");
  }
  const commands = planned.ok ? planned.plan.commands : [];
  const script = await findStartScript(deps.scriptsDir, container.name, logger);
  if (planned.ok && commands.length === 0 && script === undefined) return { outcome: "nothing-to-do" };
  timer.mark("plan");

  // The event and a sweep may both have queued this start: the first job to claim it handles it.
  const claim = await deps.claims.claim(container.id, container.startedAt, jobId);
  timer.mark("claim");
  if (!claim.claimed) {
    logger.info({ handledBy: claim.holder }, "this start is handled by another job; nothing to do");
    return { outcome: "duplicate", handledBy: claim.holder };
  }
  if (!planned.ok) throw new InvalidLabelsError(planned.errors);
  // Checked before anything runs, so that a refused host part leaves nothing half-applied.
  const refusals = checkHostPolicy(deps.hostPolicy, commands, container);
  if (refusals.length > 0) throw new HostPolicyError(refusals);

  const apply = (netns: NetnsHandle | undefined): Promise<ApplyCounts> =>
    applyCommands(commands, { container: netns, executor: deps.ipExecutor, launcher: deps.launcher, timeoutMs: deps.commandTimeoutMs, metrics: deps.metrics }, logger);
  let counts: ApplyCounts = { applied: 0, already: 0 };
  if (commands.some((command) => command.target === "container")) {
    const result = await withContainerNetns(deps, container, job, logger, (netns) => {
      timer.mark("netns");
      return apply(netns);
    });
    if ("outcome" in result) return logStale(result, logger);
    counts = result;
  } else if (commands.length > 0) {
    // Host routes only: the container's namespace is not needed, even if it is the host's own.
    counts = await apply(undefined);
  }
  timer.mark("ip");
  if (script !== undefined) {
    const ran = await runStartScript({ path: script, container, timeoutMs: deps.scriptTimeoutMs, baseEnv: deps.scriptEnv });
    logger.info({ script, durationMs: ran.durationMs, output: ran.output.slice(-2000) }, "start script ran");
    timer.mark("script");
  }
  const result: ConfigureResult = { outcome: "configured", ...counts, script: script === undefined ? "none" : "ran" };
  // Where the time went: stages of this job (ms), and the start's own timeline (StartedAt, the
  // engine's event, the watcher seeing it, a worker taking the job), for the benchmark and operators.
  const timeline = { startedAt: container.startedAt, eventTime: job.eventTime, seenAt: job.seenAt, takenAt: startJob.takenAt };
  logger.info({ ...result, stages: timer.stages, timeline }, "container configured");
  return result;
}

type Stale = Extract<ConfigureResult, { outcome: "container-gone" | "superseded" }>;

function checkStillThisStart(container: ContainerSnapshot | undefined, job: ContainerStartJob): Stale | undefined {
  if (container === undefined || !container.running) return { outcome: "container-gone" };
  // A newer start has its own job; this one must not run its script a second time.
  if (job.startedAt !== undefined && container.startedAt !== job.startedAt) return { outcome: "superseded", startedAt: container.startedAt };
  if (job.eventTime !== undefined && startedAfter(container.startedAt, BigInt(job.eventTime))) {
    return { outcome: "superseded", startedAt: container.startedAt };
  }
  return undefined;
}

// The engine sets StartedAt before it sends the start event: a StartedAt later than the event's
// time belongs to a later start.
function startedAfter(startedAt: string, eventTime: bigint): boolean {
  const started = startedAtToNano(startedAt);
  return started !== undefined && started > eventTime;
}

function logStale(stale: Stale, logger: Logger): Stale {
  logger.info(stale, stale.outcome === "container-gone" ? "container gone; nothing to configure" : "container restarted since; superseded");
  return stale;
}

/**
 * Pins the container's namespace through its pid. /proc shows the same process before and after
 * the namespace was opened, in the container's cgroup: a pid recycled after the inspect would
 * fail that. Where cgroup paths do not name containers (an unusual engine setup), the engine is
 * asked again instead.
 */
async function withContainerNetns<T>(
  deps: ConfigureDeps,
  container: ContainerSnapshot,
  job: ContainerStartJob,
  logger: Logger,
  use: (netns: NetnsHandle) => Promise<T>,
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
  const netns = pinned.handle;
  try {
    if (!pinned.inCgroup) {
      logger.debug({ pid: container.pid }, "the pid's cgroup does not name the container; asking the engine again");
      const again = await inspectContainer(deps.docker, container.id);
      const stale = checkStillThisStart(again, job);
      if (stale !== undefined) return stale;
      if (again?.pid !== container.pid || again.startedAt !== container.startedAt) return { outcome: "container-gone" };
    }
    if (netns.sameAs(deps.hostNetns)) throw new HostNamespaceError(container.name);
    return await use(netns);
  } finally {
    await netns.close();
  }
}
