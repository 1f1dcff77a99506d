export { parseAllowedVariables } from "./allowed-variables.js";
export { LabelError } from "./errors/label-error.js";
export type { LabelErrorCode } from "./errors/label-error.js";
export { LabelVariablesError } from "./errors/label-variables-error.js";
export { LABEL_KEYS } from "./label-keys.js";
export type { IpObject, LabelKey } from "./label-keys.js";
export { LABEL_LIMITS } from "./limits.js";
export { planFromLabels } from "./plan-from-labels.js";
export type { LabelPlan, LabelVariables, LabelWarning, PlannedCommand, PlanResult } from "./plan-types.js";
