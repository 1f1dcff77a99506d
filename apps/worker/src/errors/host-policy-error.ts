import { DehandlerError, type DeadLetterDetails } from "@dehandler/contract";
import type { PolicyRefusal } from "../host-policy/host-policy.js";

/** The operator's host-change policy refuses part of the plan: nothing of the job is applied. */
export class HostPolicyError extends DehandlerError {
  constructor(readonly refusals: readonly PolicyRefusal[]) {
    const [first] = refusals;
    const more = refusals.length > 1 ? ` (and ${refusals.length - 1} more)` : "";
    const where = first === undefined ? "" : `${first.command.label} part ${first.command.partIndex} "${first.command.partText}"`;
    super(`refused by policy: ${where}: ${first?.rule ?? "unknown rule"}${more}`, { category: "user-mistake", permanent: true });
  }

  override deadLetterDetails(): DeadLetterDetails {
    const [first] = this.refusals;
    return {
      ...(first === undefined
        ? {}
        : { label: first.command.label, partIndex: first.command.partIndex, part: first.command.partText, argv: ["ip", ...first.command.argv] }),
      problems: this.refusals.map((refusal) => `${refusal.command.label} part ${refusal.command.partIndex}: ${refusal.rule}`),
    };
  }
}
