import { quoteForMessage } from "../quote-for-message.js";

export type LabelErrorCode =
  | "shell-syntax"
  | "bad-character"
  | "quoting"
  | "variable-syntax"
  | "variable-not-allowed"
  | "variable-unset"
  | "forbidden-option"
  | "unknown-verb"
  | "missing-verb"
  | "missing-value"
  | "bad-address"
  | "too-long"
  | "too-many-parts"
  | "too-many-arguments"
  | "bad-reference"
  | "unknown-network"
  | "missing-network-value"
  | "bad-sysctl"
  | "bad-link-setting"
  | "bad-network-list";

/** What is wrong (`problem`, naming what was found) and what was expected instead. */
export interface LabelProblem {
  code: LabelErrorCode;
  problem: string;
  expected: string;
}

export interface LabelErrorDetails extends LabelProblem {
  label: string;
  /** Undefined for label-level errors (too long, too many parts). */
  partIndex?: number;
  partText?: string;
}

/** A label the user wrote that cannot be applied: fail now, retrying will not help. */
export class LabelError extends Error {
  readonly code: LabelErrorCode;
  readonly label: string;
  readonly partIndex: number | undefined;
  readonly partText: string | undefined;
  readonly expected: string;

  constructor(details: LabelErrorDetails) {
    super(`${locate(details)}: ${details.problem}; expected ${details.expected}`);
    this.name = "LabelError";
    this.code = details.code;
    this.label = details.label;
    this.partIndex = details.partIndex;
    this.partText = details.partText;
    this.expected = details.expected;
  }
}

function locate({ label, partIndex, partText }: LabelErrorDetails): string {
  if (partIndex === undefined) return label;
  return `${label} part ${partIndex} ${quoteForMessage(partText ?? "")}`;
}
