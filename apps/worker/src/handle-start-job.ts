import type { DeadLetterQueue, StartJobContext } from "@dehandler/contract";
import type { Logger } from "@dehandler/service";
import { jobKindOf } from "@dehandler/contract";
import { configureConnectedNetwork, configureContainer, type ConfigureDeps, type ConfigureResult, type ObservedStart, type StartJob } from "./configure-container.js";
import { endContainer } from "./end-container.js";
import { HostUndoError } from "./errors/host-undo-error.js";
import { toDeadLetterEntry } from "./dead-letter-entry.js";
import { HostNamespaceError } from "./errors/host-namespace-error.js";
import { HostPolicyError } from "./errors/host-policy-error.js";
import { InvalidLabelsError } from "./errors/invalid-labels-error.js";
import { PartFailedError } from "./errors/part-failed-error.js";
import { PidNamespaceError } from "./errors/pid-namespace-error.js";
import { StartScriptError } from "./errors/start-script-error.js";
import { StartScriptRefusedError } from "./errors/start-script-refused-error.js";

export interface HandleDeps extends ConfigureDeps {
  deadLetter: DeadLetterQueue;
  logger: Logger;
}

/**
 * One job: configure the container; on a failure that ends the job for good (retries spent, or a
 * permanent failure such as a bad label), record it in the dead-letter queue before failing.
 */
export async function handleStartJob(deps: HandleDeps, context: StartJobContext): Promise<ConfigureResult> {
  const logger = deps.logger.child({
    jobId: context.id,
    container: { id: context.data.containerId.slice(0, 12), name: context.data.containerName },
    attempt: context.attemptsMade + 1,
    ...(context.data.kind === undefined || context.data.kind === "start" ? {} : { kind: context.data.kind }),
  });
  const observed: ObservedStart = { startedAt: context.data.startedAt };
  try {
    const result = await runJob(deps, { id: context.id, data: context.data, observed, takenAt: context.takenAt }, logger);
    // A job that failed before may have been dead-lettered and then retried (from the board,
    // say): once it succeeds, its dead-letter entry no longer describes anything.
    if (context.attemptsMade > 0 && (await deps.deadLetter.remove(context.id))) {
      logger.info("succeeded on a retry; its dead-letter entry is removed");
    }
    deps.metrics.jobEnded(result.outcome);
    if (result.outcome === "configured") deps.metrics.configured(context.data.seenAt);
    return result;
  } catch (error) {
    // Expected failures are described by their message; only the unexpected carry a stack.
    const reason = isExpectedFailure(error) ? { reason: error.message } : { err: error };
    if (!context.isFinalFailure(error)) {
      logger.warn({ ...reason, attemptsLeft: context.attempts - context.attemptsMade - 1 }, "configuration failed; will retry");
      deps.metrics.jobEnded("failed-retrying");
      throw error;
    }
    const entry = toDeadLetterEntry(error, context, observed.startedAt);
    await deps.deadLetter.add(entry);
    logger.error({ ...reason, permanent: entry.permanent }, "configuration failed; moved to the dead-letter queue");
    deps.metrics.jobEnded("dead-lettered");
    throw error;
  }
}

/** Starts configure the container; stops undo its host changes; connects apply what names the network. */
function runJob(deps: HandleDeps, job: StartJob, logger: HandleDeps["logger"]): Promise<ConfigureResult> {
  switch (jobKindOf(job.data)) {
    case "start":
      return configureContainer(deps, job, logger);
    case "stop":
      return endContainer(deps, job.data, logger);
    case "connect":
      return configureConnectedNetwork(deps, job, logger);
  }
}

function isExpectedFailure(error: unknown): error is Error {
  return (
    error instanceof PartFailedError ||
    error instanceof InvalidLabelsError ||
    error instanceof StartScriptError ||
    error instanceof HostNamespaceError ||
    error instanceof HostPolicyError ||
    error instanceof StartScriptRefusedError ||
    error instanceof PidNamespaceError ||
    error instanceof HostUndoError
  );
}
