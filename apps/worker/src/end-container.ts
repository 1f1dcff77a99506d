import type { ContainerStartJob, HostChangeLedger } from "@dehandler/contract";
import { inspectContainer } from "@dehandler/engine";
import { IpCommandError, CommandTimeoutError, runIp, type Launcher } from "@dehandler/netns";
import type { Logger } from "@dehandler/service";
import type Docker from "dockerode";
import type { ConfigureResult } from "./configure-container.js";
import { HostUndoError } from "./errors/host-undo-error.js";
import { findScript } from "./find-script.js";
import { runScript } from "./run-script.js";

export interface EndDeps {
  docker: Docker;
  hostChanges: HostChangeLedger;
  launcher: Launcher;
  commandTimeoutMs: number;
  scriptsDir: string | undefined;
  scriptTimeoutMs: number;
  scriptEnv: Readonly<Record<string, string>>;
}

/**
 * A container's run ended (die) or the container was removed (destroy), or it was found ended
 * with host changes still recorded (reconcile). On die its stop script runs. Under the host-change
 * lock, if it is not running again, the host routes and rules only it held are undone and its
 * record forgotten; those another container also holds stay until the last one ends.
 */
export async function endContainer(deps: EndDeps, job: ContainerStartJob, logger: Logger): Promise<ConfigureResult> {
  const script = job.ending === "die" ? await findScript(deps.scriptsDir, job.containerName, logger, "stop") : undefined;
  if (script !== undefined) {
    const container = { id: job.containerId, name: job.containerName };
    const ran = await runScript({ path: script, kind: "stop", container, timeoutMs: deps.scriptTimeoutMs, baseEnv: deps.scriptEnv });
    logger.info({ script, durationMs: ran.durationMs, output: ran.output.slice(-2000) }, "stop script ran");
  }
  const scriptRan = script === undefined ? "none" : "ran";
  // Read under the lock: a start recording its changes at this moment is either seen here, or
  // finds the container's process gone and records nothing.
  const counts = await deps.hostChanges.withLock(async (): Promise<{ runningSince: string } | { undone: number; kept: number } | undefined> => {
    const recorded = await deps.hostChanges.recorded(job.containerId);
    if (recorded.length === 0) return undefined;
    const container = await inspectContainer(deps.docker, job.containerId);
    // Started again (a restart policy): that start owns the same changes and keeps them.
    if (container?.running === true) return { runningSince: container.startedAt } as const;
    let undone = 0;
    let kept = 0;
    for (const { change, sharedWith } of recorded) {
      if (sharedWith.length > 0) {
        kept += 1;
        logger.info({ part: { label: change.label, text: change.part }, heldBy: sharedWith.map((id) => id.slice(0, 12)) }, "host change kept: another container holds it too");
        continue;
      }
      try {
        const result = await runIp("host", change.undoArgv, { launcher: deps.launcher, timeoutMs: deps.commandTimeoutMs });
        undone += 1;
        logger.debug({ part: { label: change.label, text: change.part, argv: change.undoArgv }, outcome: result.outcome }, "host change undone");
      } catch (error) {
        if (error instanceof IpCommandError) throw new HostUndoError(change.label, change.part, error.argv, error.exitCode, error.stderr, { cause: error });
        if (error instanceof CommandTimeoutError) throw new HostUndoError(change.label, change.part, error.argv, undefined, `no answer within ${error.timeoutMs} ms`, { cause: error });
        throw error;
      }
    }
    await deps.hostChanges.forget(job.containerId);
    return { undone, kept };
  });
  if (counts === undefined) return script === undefined ? { outcome: "nothing-to-do" } : logEnded({ outcome: "ended", undone: 0, kept: 0, script: scriptRan }, logger);
  if ("runningSince" in counts) {
    logger.info({ startedAt: counts.runningSince }, "container is running again; its host changes stay with its new start");
    return { outcome: "superseded", startedAt: counts.runningSince };
  }
  return logEnded({ outcome: "ended", ...counts, script: scriptRan }, logger);
}

function logEnded(result: ConfigureResult, logger: Logger): ConfigureResult {
  logger.info(result, "container ended; its host changes undone");
  return result;
}
