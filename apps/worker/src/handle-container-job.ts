import type { DeadLetterQueue, ContainerJobContext } from "@dehandler/contract";
import type { Logger } from "@dehandler/service";
import { categoryOf, jobKindOf } from "@dehandler/contract";
import {
  configureConnectedNetwork,
  configureContainer,
  type ConfigureDeps,
  type JobResult,
  type ObservedStart,
  type TakenJob,
} from "./configure-container.js";
import { endContainer } from "./end-container.js";
import { toDeadLetterEntry } from "./to-dead-letter-entry.js";
import { WorkerDiedError } from "./errors/worker-died-error.js";

/** A job whose worker died this many times while running it goes to the dead-letter queue. */
const MAX_WORKER_DEATHS = 2;

export interface HandleDeps extends ConfigureDeps {
  deadLetter: DeadLetterQueue;
  logger: Logger;
}

/**
 * One job: configure the container; on a failure that ends the job for good (retries spent, or a
 * permanent failure such as a bad label), record it in the dead-letter queue before failing.
 */
export async function handleContainerJob(deps: HandleDeps, context: ContainerJobContext): Promise<JobResult> {
  const logger = deps.logger.child({
    jobId: context.id,
    container: { id: context.data.containerId.slice(0, 12), name: context.data.containerName },
    attempt: context.attemptsMade + 1,
    ...(context.data.kind === undefined || context.data.kind === "start" ? {} : { kind: context.data.kind }),
  });
  const observed: ObservedStart = { startedAt: context.data.startedAt };
  try {
    if (context.workerDeaths >= MAX_WORKER_DEATHS) throw new WorkerDiedError(context.workerDeaths, await context.takers());
    if (context.workerDeaths > 0)
      logger.warn({ workerDeaths: context.workerDeaths }, "taken again: the worker running it died or stopped renewing its lock");
    const result = await runJob(deps, { id: context.id, data: context.data, observed, takenAt: context.takenAt }, logger);
    // A job that failed before may have been dead-lettered and then retried (from the board,
    // say): once it succeeds, its dead-letter entry no longer describes anything.
    if (context.attemptsMade > 0 && (await deps.deadLetter.remove(context.id))) {
      logger.info("succeeded on a retry; its dead-letter entry is removed");
    }
    deps.metrics.jobEnded(result.outcome);
    // The latency histogram is about starts: a network connected later has its own timing.
    if (result.outcome === "configured" && jobKindOf(context.data) === "start") deps.metrics.configured(context.data.seenAt);
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
function runJob(deps: HandleDeps, job: TakenJob, logger: HandleDeps["logger"]): Promise<JobResult> {
  switch (jobKindOf(job.data)) {
    case "start":
      return configureContainer(deps, job, logger);
    case "stop":
      return endContainer(deps, job.data, logger);
    case "connect":
      return configureConnectedNetwork(deps, job, logger);
  }
}

/** Failures dehandler knows (a kernel refusal, a bad label): described by their message; the rest carry a stack. */
function isExpectedFailure(error: unknown): error is Error {
  return categoryOf(error) !== "unexpected";
}
