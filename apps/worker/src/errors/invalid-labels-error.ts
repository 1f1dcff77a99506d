import type { LabelError } from "@dehandler/labels";

/** The container's labels cannot be applied as written: no retry can help. */
export class InvalidLabelsError extends Error {
  readonly permanent = true;

  constructor(readonly problems: readonly LabelError[]) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
    super(`invalid label: ${first?.message ?? "unknown problem"}${more}`);
    this.name = "InvalidLabelsError";
  }
}
