import { LabelVariablesError } from "./errors/label-variables-error.js";
import { isVariableName } from "./variable-name.js";

/** "VPN_IP, INT_IF_IP" → ["VPN_IP", "INT_IF_IP"]; empty entries are skipped, duplicates dropped. */
export function parseAllowedVariables(text: string | undefined): string[] {
  const names: string[] = [];
  for (const entry of (text ?? "").split(",")) {
    const name = entry.trim();
    if (name === "") continue;
    if (!isVariableName(name)) throw new LabelVariablesError(name);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
