import type { DeadLetterEntry, ContainerJobContext } from "@dehandler/contract";
import { isPermanent } from "@dehandler/contract";
import { HostPolicyError } from "./errors/host-policy-error.js";
import { HostUndoError } from "./errors/host-undo-error.js";
import { InvalidLabelsError } from "./errors/invalid-labels-error.js";
import { PartFailedError } from "./errors/part-failed-error.js";
import { ScriptError } from "./errors/script-error.js";
import { ScriptRefusedError } from "./errors/script-refused-error.js";
import { WorkerDiedError } from "./errors/worker-died-error.js";

/** What an operator reads in the dead-letter queue: the failing part, its argv and stderr. */
export function toDeadLetterEntry(error: unknown, context: ContainerJobContext, startedAt: string | undefined): DeadLetterEntry {
  const failure = error instanceof Error ? error : new Error(String(error));
  const entry: DeadLetterEntry = {
    jobId: context.id,
    container: { id: context.data.containerId, name: context.data.containerName },
    ...(startedAt === undefined ? {} : { startedAt }),
    failedAt: new Date().toISOString(),
    attemptsMade: context.attemptsMade + 1,
    permanent: isPermanent(failure),
    reason: failure.message,
    errorName: failure.name,
  };
  if (failure instanceof PartFailedError) {
    return {
      ...entry,
      label: failure.label,
      partIndex: failure.partIndex,
      part: failure.partText,
      argv: [...failure.argv],
      ...(failure.exitCode === undefined ? {} : { exitCode: failure.exitCode }),
      stderr: failure.stderr,
    };
  }
  if (failure instanceof InvalidLabelsError) {
    const [first] = failure.problems;
    return {
      ...entry,
      ...(first === undefined ? {} : { label: first.label }),
      ...(first?.partIndex === undefined ? {} : { partIndex: first.partIndex }),
      ...(first?.partText === undefined ? {} : { part: first.partText }),
      problems: failure.problems.map((problem) => problem.message),
    };
  }
  if (failure instanceof HostPolicyError) {
    const [first] = failure.refusals;
    return {
      ...entry,
      ...(first === undefined ? {} : { label: first.command.label, partIndex: first.command.partIndex, part: first.command.partText, argv: ["ip", ...first.command.argv] }),
      problems: failure.refusals.map((refusal) => `${refusal.command.label} part ${refusal.command.partIndex}: ${refusal.rule}`),
    };
  }
  if (failure instanceof HostUndoError) {
    return { ...entry, label: failure.label, part: failure.partText, argv: [...failure.argv], ...(failure.exitCode === undefined ? {} : { exitCode: failure.exitCode }), stderr: failure.stderr };
  }
  if (failure instanceof ScriptRefusedError) return { ...entry, argv: [failure.path] };
  if (failure instanceof WorkerDiedError) return { ...entry, problems: failure.takers.map((taker) => `taken by ${taker}`) };
  if (failure instanceof ScriptError) {
    return {
      ...entry,
      argv: [failure.path],
      ...(failure.exitCode === undefined ? {} : { exitCode: failure.exitCode }),
      output: failure.output.slice(-8192),
    };
  }
  return entry;
}
