import type { PolicyRefusal } from "../host-policy/host-policy.js";

/** The operator's host-change policy refuses part of the plan: nothing of the job is applied. */
export class HostPolicyError extends Error {
  readonly permanent = true;

  constructor(readonly refusals: readonly PolicyRefusal[]) {
    const [first] = refusals;
    const more = refusals.length > 1 ? ` (and ${refusals.length - 1} more)` : "";
    const where = first === undefined ? "" : `${first.command.label} part ${first.command.partIndex} "${first.command.partText}"`;
    super(`refused by policy: ${where}: ${first?.rule ?? "unknown rule"}${more}`);
    this.name = "HostPolicyError";
  }
}
