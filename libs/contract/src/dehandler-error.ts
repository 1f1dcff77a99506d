import type { DeadLetterEntry } from "./dead-letter-entry.js";

/**
 * Who can mend a failure: the operator (labels, scripts, settings: a user mistake), time or the
 * environment (the kernel, Redis, a worker's host: operational), or nobody foresaw it (unexpected:
 * anything that is not a DehandlerError; logged with its stack).
 */
export type ErrorCategory = "user-mistake" | "operational" | "unexpected";

/** Who can mend a failure of one class, and whether a retry can. */
export interface FailureKind {
  category: Exclude<ErrorCategory, "unexpected">;
  permanent: boolean;
}

/** What a failure adds to its dead-letter entry beyond the fields every entry has. */
export type DeadLetterDetails = Partial<
  Pick<DeadLetterEntry, "label" | "partIndex" | "part" | "argv" | "exitCode" | "stderr" | "output" | "problems">
>;

/**
 * The base of dehandler's own failures. Each says who can mend it, whether a retry can (a
 * permanent one ends its job at once: the consumer makes it BullMQ's UnrecoverableError), and what
 * an operator needs in its dead-letter entry.
 */
export abstract class DehandlerError extends Error {
  readonly category: Exclude<ErrorCategory, "unexpected">;
  /** No retry can mend it. */
  readonly permanent: boolean;

  constructor(message: string, kind: FailureKind, options?: ErrorOptions) {
    super(message, options);
    // The class's own name ("PartFailedError"): what logs and dead-letter entries call it.
    this.name = new.target.name;
    this.category = kind.category;
    this.permanent = kind.permanent;
  }

  deadLetterDetails(): DeadLetterDetails {
    return {};
  }
}

export function categoryOf(error: unknown): ErrorCategory {
  return error instanceof DehandlerError ? error.category : "unexpected";
}

export function isPermanent(error: unknown): error is DehandlerError {
  return error instanceof DehandlerError && error.permanent;
}
