import type { LabelError } from "./errors/label-error.js";
import type { LabelKey } from "./label-keys.js";

export interface PlannedCommand {
  label: LabelKey;
  /** 0-based index in the label's `;`-split list; empty parts count, so it matches what was written. */
  partIndex: number;
  /** The part as written, trimmed, before variable expansion. */
  partText: string;
  target: "container" | "host";
  /** Arguments for the `ip` binary without "ip" itself; may start with "-4" or "-6". */
  argv: readonly string[];
}

export interface LabelWarning {
  label: string;
  message: string;
}

/** Commands ordered address → route → rule → host-route, parts in written order. */
export interface LabelPlan {
  commands: PlannedCommand[];
  warnings: LabelWarning[];
}

export interface LabelVariables {
  /** Names labels may use; only these are ever read from `values`. */
  allowed: readonly string[];
  values: Readonly<Record<string, string | undefined>>;
}

export type PlanResult =
  | { ok: true; plan: LabelPlan }
  | { ok: false; errors: LabelError[]; warnings: LabelWarning[] };
