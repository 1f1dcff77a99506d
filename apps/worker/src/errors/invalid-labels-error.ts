import { DehandlerError, type DeadLetterDetails } from "@dehandler/contract";
import type { LabelError } from "@dehandler/labels";

/** The container's labels cannot be applied as written: no retry can help. */
export class InvalidLabelsError extends DehandlerError {
  constructor(readonly problems: readonly LabelError[]) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(`invalid label: ${first?.message ?? "unknown problem"}${more}`, { category: "user-mistake", permanent: true });
  }

  override deadLetterDetails(): DeadLetterDetails {
    const [first] = this.problems;
    return {
      ...(first === undefined ? {} : { label: first.label }),
      ...(first?.partIndex === undefined ? {} : { partIndex: first.partIndex }),
      ...(first?.partText === undefined ? {} : { part: first.partText }),
      problems: this.problems.map((problem) => problem.message),
    };
  }
}
