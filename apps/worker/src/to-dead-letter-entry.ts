import { DehandlerError, isPermanent, type ContainerJobContext, type DeadLetterEntry } from "@dehandler/contract";

/** What an operator reads in the dead-letter queue: the failing part, its argv and stderr. */
export function toDeadLetterEntry(error: unknown, context: ContainerJobContext, startedAt: string | undefined): DeadLetterEntry {
  const failure = error instanceof Error ? error : new Error(String(error));
  return {
    jobId: context.id,
    container: { id: context.data.containerId, name: context.data.containerName },
    ...(startedAt === undefined ? {} : { startedAt }),
    failedAt: new Date().toISOString(),
    attemptsMade: context.attemptsMade + 1,
    permanent: isPermanent(failure),
    reason: failure.message,
    errorName: failure.name,
    ...(failure instanceof DehandlerError ? failure.deadLetterDetails() : {}),
  };
}
