import type { LabelError } from "./errors/label-error.js";
import type { LabelKey } from "./label-kinds.js";

export interface PlannedCommand {
  label: LabelKey;
  /** 0-based index in the label's `;`-split list; empty parts count, so it matches what was written. */
  partIndex: number;
  /** The part as written, trimmed, before variable expansion. */
  partText: string;
  target: "container" | "host";
  /** ip: `ip` runs argv. sysctl: argv is [key, value], the key's parts joined by `/` once resolved. */
  action: "ip" | "sysctl";
  /** For ip: arguments for the `ip` binary without "ip" itself; may start with "-4" or "-6". */
  argv: readonly string[];
  /** A host change undone when the container stops: the `ip` arguments that undo it. */
  undoArgv?: readonly string[];
  /** argv (and undoArgv) hold `@<network>` references, which resolvePlan replaces. */
  hasReferences: boolean;
  /** Made by a preset (reply-via): left out, not an error, where the network lacks what it uses (IPv6). */
  optional?: boolean;
  /** After resolvePlan: the engine names of the networks its references named. */
  networks?: readonly string[];
}

export interface LabelWarning {
  label: string;
  message: string;
}

/** Commands in the order of LABEL_KINDS, parts in written order. */
export interface LabelPlan {
  commands: PlannedCommand[];
  warnings: LabelWarning[];
}

export interface LabelVariables {
  /** Names labels may use; only these are ever read from `values`. */
  allowed: readonly string[];
  values: Readonly<Record<string, string | undefined>>;
}

export type PlanResult = { ok: true; plan: LabelPlan } | { ok: false; errors: LabelError[]; warnings: LabelWarning[] };
