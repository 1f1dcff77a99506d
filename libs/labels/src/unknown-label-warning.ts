import { editDistance } from "./edit-distance.js";
import { LABEL_KEYS } from "./label-kinds.js";
import type { LabelWarning } from "./plan-types.js";
import { quoteForMessage } from "./quote-for-message.js";

const PREFIX = "docker-events.";
// "addr" → "address" is 3 edits; more than that suggests unrelated words.
const MAX_SUGGESTION_DISTANCE = 3;

/** A misspelt key would otherwise be ignored without a word: warn for unknown docker-events.* keys. */
export function unknownLabelWarnings(keys: Iterable<string>): LabelWarning[] {
  const warnings: LabelWarning[] = [];
  for (const key of keys) {
    if (!key.startsWith(PREFIX) || (LABEL_KEYS as readonly string[]).includes(key)) continue;
    const suggestion = closestKnownKey(key);
    const hint = suggestion === undefined ? `known labels are ${LABEL_KEYS.join(", ")}` : `did you mean ${suggestion}?`;
    warnings.push({ label: key, message: `unknown label ${quoteForMessage(key)} is ignored; ${hint}` });
  }
  return warnings;
}

function closestKnownKey(key: string): string | undefined {
  const written = key.slice(PREFIX.length).toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const known of LABEL_KEYS) {
    const distance = editDistance(written, known.slice(PREFIX.length), MAX_SUGGESTION_DISTANCE);
    if (distance <= MAX_SUGGESTION_DISTANCE && (best === undefined || distance < best.distance)) {
      best = { key: known, distance };
    }
  }
  return best?.key;
}
