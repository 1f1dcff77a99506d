import type { ContainerJob, DeadLetterQueue, StartClaims } from "@dehandler/contract";
import { inspectContainer, type ContainerSnapshot } from "@dehandler/engine";
import { planFromLabels, type LabelVariables, type PlannedCommand } from "@dehandler/labels";
import type { Logger } from "@dehandler/service";
import { applyPlan, type ApplyPlanDeps } from "./apply-plan.js";
import { checkStillThisStart, type Stale } from "./check-still-this-start.js";
import { InvalidLabelsError } from "./errors/invalid-labels-error.js";
import { findScript } from "./find-script.js";
import type { LocalStartRecord } from "./local-start-records.js";
import { runScript } from "./run-script.js";
import { StageTimer } from "./stage-timer.js";

export interface ConfigureDeps extends ApplyPlanDeps {
  claims: StartClaims;
  /** A connect job looks up (and notes in) the entry of a start that failed for good. */
  deadLetter: Pick<DeadLetterQueue, "get" | "note">;
  labelVariables: LabelVariables;
  scriptsDir: string | undefined;
  scriptTimeoutMs: number;
  scriptEnv: Readonly<Record<string, string>>;
}

export type JobResult =
  | {
      outcome: "configured";
      applied: number;
      already: number;
      script: "ran" | "none";
      network?: string;
      waitingFor?: string[];
      /** Configured by an earlier attempt of this job, whose worker stopped before saying so. */
      byEarlierAttempt?: true;
    }
  | { outcome: "ended"; undone: number; kept: number; script: "ran" | "none" }
  | { outcome: "nothing-to-do" }
  | { outcome: "start-dead-lettered"; startJobId: string; network: string }
  | Stale
  | { outcome: "duplicate"; handledBy: string };

/** What the job learnt of its start, for the dead-letter entry if it fails. */
export interface ObservedStart {
  startedAt: string | undefined;
}

export interface TakenJob {
  id: string;
  data: ContainerJob;
  observed: ObservedStart;
  /** When a worker took the job (ms since the epoch). */
  takenAt: number | undefined;
}

/**
 * Applies a container's labels and start script for the start this job stands for. Asks the
 * engine once (inspect); that the pid still belongs to the container is checked in /proc.
 */
export async function configureContainer(deps: ConfigureDeps, takenJob: TakenJob, logger: Logger): Promise<JobResult> {
  const { id: jobId, data: job } = takenJob;
  const timer = new StageTimer();
  const container = await inspectContainer(deps.docker, job.containerId);
  timer.mark("inspect");
  if (container?.running === true) takenJob.observed.startedAt = container.startedAt;
  const stale = checkStillThisStart(container, job);
  if (stale !== undefined || container === undefined) return logStale(stale ?? { outcome: "container-gone" }, logger);

  const planned = planFromLabels(container.labels, deps.labelVariables);
  for (const warning of planned.ok ? planned.plan.warnings : planned.warnings) {
    logger.warn({ label: warning.label, problem: warning.message }, "label warning");
  }
  const commands = planned.ok ? planned.plan.commands : [];
  const script = await findScript(deps.scriptsDir, container.name, logger);
  if (planned.ok && commands.length === 0 && script === undefined) return { outcome: "nothing-to-do" };

  // Configured here before (this job's id too: a sweep queues a start under the same id again once
  // Redis forgot it, restarted without its data or failed over): its claim and host changes are
  // recorded again, and nothing runs twice. A start not finished then is taken up as ever.
  const remembered = await deps.localStarts.of(container.id, container.startedAt);
  if (remembered?.done === true) return await restoreHandledStart(deps, container, remembered, jobId, logger);
  // The event and a sweep may both have queued this start: the first job to claim it handles it.
  const claim = await deps.claims.claim(container.id, container.startedAt, jobId);
  timer.mark("claim");
  if (!claim.claimed) {
    logger.info({ handledBy: claim.holder }, "this start is handled by another job; nothing to do");
    return { outcome: "duplicate", handledBy: claim.holder };
  }
  await deps.localStarts.claimed(container.id, container.startedAt, jobId);
  if (!planned.ok) throw new InvalidLabelsError(planned.errors);

  let counts: { applied: number; already: number; waitingFor?: string[] } = { applied: 0, already: 0 };
  if (commands.length > 0) {
    const applied = await applyPlan(deps, container, job, commands, logger, timer);
    if ("outcome" in applied) return logStale(applied, logger);
    // Networks the labels name that are not attached yet: their parts run when they are connected.
    counts = { applied: applied.applied, already: applied.already, ...(applied.late.length > 0 ? { waitingFor: applied.late } : {}) };
  }
  timer.mark("ip");
  if (script !== undefined) {
    const ran = await runScript({ path: script, container, timeoutMs: deps.scriptTimeoutMs, baseEnv: deps.scriptEnv, runner: deps.runner });
    logger.info({ script, durationMs: ran.durationMs, output: ran.output.slice(-2000) }, "start script ran");
    timer.mark("script");
  }
  await deps.localStarts.configured(container.id, container.startedAt);
  const result: JobResult = { outcome: "configured", ...counts, script: script === undefined ? "none" : "ran" };
  // Where the time went: stages of this job (ms), and the start's own timeline (StartedAt, the
  // engine's event, the watcher seeing it, a worker taking the job), for the benchmark and operators.
  const timeline = { startedAt: container.startedAt, eventTime: job.eventTime, seenAt: job.seenAt, takenAt: takenJob.takenAt };
  logger.info({ ...result, stages: timer.stages, timeline }, "container configured");
  return result;
}

/**
 * A network connected to a running container (`docker network connect`): the parts whose
 * references name it are applied now; at the start they waited for it.
 */
export async function configureConnectedNetwork(deps: ConfigureDeps, takenJob: TakenJob, logger: Logger): Promise<JobResult> {
  const { data: job } = takenJob;
  const network = job.network ?? "";
  const timer = new StageTimer();
  const container = await inspectContainer(deps.docker, job.containerId);
  if (container?.running === true) takenJob.observed.startedAt = container.startedAt;
  const stale = checkStillThisStart(container, job);
  if (stale !== undefined || container === undefined) return logStale(stale ?? { outcome: "container-gone" }, logger);
  const planned = planFromLabels(container.labels, deps.labelVariables);
  // Bad labels were reported (and dead-lettered) by the container's start.
  if (!planned.ok) return { outcome: "nothing-to-do" };
  // Only parts with references can name a network; without any, the namespace is not even opened.
  if (!planned.plan.commands.some((command) => command.hasReferences)) return { outcome: "nothing-to-do" };
  const naming = (command: PlannedCommand): boolean => command.networks?.includes(network) === true;
  const deadLettered = await startInDeadLetterQueue(deps, container);
  const note = `network ${network} connected at ${new Date().toISOString()}: its parts were not applied (the start failed); a retry of this job applies them`;
  // Its start stopped half-way: this network's parts are not applied on top of it. A retry of the
  // start applies every part, this network's included (it is connected by then). An entry gone
  // meanwhile (retried, dropped) no longer holds the network back.
  if (deadLettered !== undefined && (await deps.deadLetter.note(deadLettered, note))) {
    logger.warn(
      { network, startJobId: deadLettered },
      "network connected, but this start is in the dead-letter queue: its parts wait for the start's retry (dehandler dlq retry)",
    );
    return { outcome: "start-dead-lettered", startJobId: deadLettered, network };
  }
  const applied = await applyPlan(deps, container, job, planned.plan.commands, logger, timer, naming);
  if ("outcome" in applied) return logStale(applied, logger);
  if (applied.applied + applied.already === 0) return { outcome: "nothing-to-do" };
  const result: JobResult = { outcome: "configured", applied: applied.applied, already: applied.already, script: "none", network };
  logger.info({ ...result, stages: timer.stages }, "network connected; its parts applied");
  return result;
}

/** The id of the job that handled this start, when it failed for good (its dead-letter entry exists). */
async function startInDeadLetterQueue(deps: ConfigureDeps, container: ContainerSnapshot): Promise<string | undefined> {
  const startJobId = await deps.claims.holder(container.id, container.startedAt);
  if (startJobId === undefined) return undefined;
  const entry = await deps.deadLetter.get(startJobId);
  return entry === undefined ? undefined : startJobId;
}

function logStale(stale: Stale, logger: Logger): Stale {
  logger.info(stale, stale.outcome === "container-gone" ? "container gone; nothing to configure" : "container restarted since; superseded");
  return stale;
}

/** Puts back in Redis what the local record says of a start configured before; the job does nothing else. */
async function restoreHandledStart(
  deps: ConfigureDeps,
  container: ContainerSnapshot,
  remembered: LocalStartRecord,
  jobId: string,
  logger: Logger,
): Promise<JobResult> {
  const holder = await deps.claims.holder(container.id, container.startedAt);
  if (holder === jobId && remembered.jobId === jobId) {
    // This job did it, and its worker died before telling BullMQ: it is done, nothing runs again.
    logger.info("configured by an earlier attempt of this job (its worker stopped before recording it); nothing runs twice");
    return { outcome: "configured", applied: 0, already: 0, script: "none", byEarlierAttempt: true };
  }
  if (holder !== undefined) {
    logger.info({ handledBy: holder }, "this start is handled by another job; nothing to do");
    return { outcome: "duplicate", handledBy: holder };
  }
  const claim = await deps.claims.claim(container.id, container.startedAt, remembered.jobId);
  const handledBy = claim.claimed ? remembered.jobId : claim.holder;
  const recorded =
    remembered.hostChanges.length === 0
      ? 0
      : await deps.hostChanges.withLock(async () => (await deps.hostChanges.record(container.id, remembered.hostChanges)).length);
  logger.warn(
    { handledBy, hostChangesRecordedAgain: recorded },
    "Redis had forgotten this start, configured here before: its claim and host changes are recorded again; nothing runs twice",
  );
  return { outcome: "duplicate", handledBy };
}
