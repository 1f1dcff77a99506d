// A failure that no retry can mend (a bad label, a refused variable). Domain errors mark
// themselves with `permanent = true`; the consumer turns them into BullMQ's UnrecoverableError.
export interface PermanentFailure {
  readonly permanent: true;
}

export function isPermanent(error: unknown): error is Error & PermanentFailure {
  return error instanceof Error && (error as Partial<PermanentFailure>).permanent === true;
}
