import type { ContainerJob, HostChange, HostChangeLedger } from "@dehandler/contract";
import { inspectContainer } from "@dehandler/engine";
import { CommandTimeoutError, IP_EXECUTORS, type IpExecutorName, type ProcessRunner } from "@dehandler/netns";
import type { Logger } from "@dehandler/service";
import type Docker from "dockerode";
import type { JobResult } from "./configure-container.js";
import { HostUndoError } from "./errors/host-undo-error.js";
import { findScript } from "./find-script.js";
import type { LocalStartRecords } from "./local-start-records.js";
import { runScript } from "./run-script.js";

export interface EndDeps {
  docker: Docker;
  hostChanges: HostChangeLedger;
  localStarts: LocalStartRecords;
  /** Starts ip and the stop scripts (the spawner helper, host ip sessions in front). */
  runner: ProcessRunner;
  /** Undoing runs through the same executor as applying. */
  ipExecutor: IpExecutorName;
  commandTimeoutMs: number;
  scriptsDir: string | undefined;
  scriptTimeoutMs: number;
  scriptEnv: Readonly<Record<string, string>>;
}

/**
 * A container's run ended (die) or the container was removed (destroy), or it was found ended
 * with host changes still recorded (reconcile). Under the host-change lock, if it is not running
 * again, the host routes and rules only it held are undone and its record forgotten; those
 * another container also holds stay until the last one ends. Then, on die, its stop script runs:
 * after the undo, so that a failing script never leaves the host changes behind.
 */
export async function endContainer(deps: EndDeps, job: ContainerJob, logger: Logger): Promise<JobResult> {
  // Read under the lock: a start recording its changes at this moment is either seen here, or
  // finds the container's process gone and records nothing.
  const undo = await deps.hostChanges.withLock(() => undoHostChanges(deps, job.containerId, logger));
  // Removed: no start of it will come again.
  if (job.ending === "destroy") await deps.localStarts.forget(job.containerId);
  if (undo !== undefined && "runningSince" in undo) {
    logger.info({ startedAt: undo.runningSince }, "container is running again; its host changes stay with its new start");
  }
  const script = job.ending === "die" ? await findScript(deps.scriptsDir, job.containerName, logger, "stop") : undefined;
  if (script !== undefined) {
    const container = { id: job.containerId, name: job.containerName };
    const ran = await runScript({
      path: script,
      kind: "stop",
      container,
      timeoutMs: deps.scriptTimeoutMs,
      baseEnv: deps.scriptEnv,
      runner: deps.runner,
    });
    logger.info({ script, durationMs: ran.durationMs, output: ran.output.slice(-2000) }, "stop script ran");
  }
  const scriptRan = script === undefined ? "none" : "ran";
  if (undo !== undefined && "runningSince" in undo && script === undefined) return { outcome: "superseded", startedAt: undo.runningSince };
  const counts = undo !== undefined && "undone" in undo ? undo : { undone: 0, kept: 0 };
  if (undo === undefined && script === undefined) return { outcome: "nothing-to-do" };
  const result: JobResult = { outcome: "ended", ...counts, script: scriptRan };
  logger.info(result, "container ended");
  return result;
}

type Undo = { runningSince: string } | { undone: number; kept: number } | undefined;

async function undoHostChanges(deps: EndDeps, containerId: string, logger: Logger): Promise<Undo> {
  const recorded = await deps.hostChanges.recorded(containerId);
  if (recorded.length === 0) return undefined;
  const container = await inspectContainer(deps.docker, containerId);
  // Started again (a restart policy): that start owns the same changes and keeps them.
  if (container?.running === true) return { runningSince: container.startedAt };
  const undoing: HostChange[] = [];
  let kept = 0;
  for (const { change, sharedWith } of recorded) {
    if (sharedWith.length === 0) {
      undoing.push(change);
      continue;
    }
    kept += 1;
    logger.info(
      { part: { label: change.label, text: change.part }, heldBy: sharedWith.map((id) => id.slice(0, 12)) },
      "host change kept: another container holds it too",
    );
  }
  await undoChanges(deps, undoing, logger);
  await deps.hostChanges.forget(containerId);
  await deps.localStarts.holds(containerId, []);
  return { undone: undoing.length, kept };
}

/**
 * Runs the changes' undo commands in order on the host, as an undo (a route whose device is gone
 * went with it), and stops at the first that fails: the record stays for the retry.
 */
async function undoChanges(deps: EndDeps, changes: readonly HostChange[], logger: Logger): Promise<void> {
  if (changes.length === 0) return;
  const report = await IP_EXECUTORS[deps.ipExecutor](
    "host",
    changes.map((change) => change.undoArgv),
    { runner: deps.runner, timeoutMs: deps.commandTimeoutMs, purpose: "undo" },
  );
  for (const [index, result] of report.results.entries()) {
    const change = changes[index];
    if (change === undefined) continue;
    logger.debug({ part: { label: change.label, text: change.part, argv: change.undoArgv }, outcome: result.outcome }, "host change undone");
  }
  if (report.failure === undefined) return;
  const { error, index } = report.failure;
  const change = changes[index];
  if (change === undefined) throw error;
  if (error instanceof CommandTimeoutError)
    throw new HostUndoError(change.label, change.part, error.argv, undefined, `no answer within ${error.timeoutMs} ms`, { cause: error });
  throw new HostUndoError(change.label, change.part, error.argv, error.exitCode, error.stderr, { cause: error });
}
