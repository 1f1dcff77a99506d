import type { LabelProblem } from "./errors/label-error.js";
import { quoteForMessage } from "./quote-for-message.js";

// What `docker-events.link` may change on an interface; each setting with how many values follow.
// Nothing that moves, enslaves or renames it: Docker and the references find interfaces as they are.
const SETTINGS: ReadonlyMap<string, number> = new Map([
  ["up", 0],
  ["down", 0],
  ["mtu", 1],
  ["txqueuelen", 1],
  ["txqlen", 1],
  ["address", 1],
  ["broadcast", 1],
  ["alias", 1],
  ["arp", 1],
  ["multicast", 1],
  ["allmulticast", 1],
  ["promisc", 1],
]);
const ON_OFF = new Set(["arp", "multicast", "allmulticast", "promisc"]);
const EXPECTED = `set [dev] <device> followed by settings from: ${[...SETTINGS.keys()].join(", ")}`;

/** `words` start with the verb "set". */
export function checkLinkSet(words: readonly string[]): LabelProblem | undefined {
  let index = words[1] === "dev" ? 2 : 1;
  if (words[index] === undefined) return { code: "bad-link-setting", problem: "no device named", expected: EXPECTED };
  index += 1;
  if (index >= words.length) return { code: "bad-link-setting", problem: "no setting after the device", expected: EXPECTED };
  while (index < words.length) {
    const setting = words[index] ?? "";
    const arity = SETTINGS.get(setting);
    if (arity === undefined) {
      return { code: "bad-link-setting", problem: `setting ${quoteForMessage(setting)} is not supported`, expected: EXPECTED };
    }
    const value = words[index + 1];
    if (arity === 1 && value === undefined) {
      return { code: "bad-link-setting", problem: `setting "${setting}" has no value`, expected: EXPECTED };
    }
    if (ON_OFF.has(setting) && value !== "on" && value !== "off") {
      return { code: "bad-link-setting", problem: `setting "${setting}" takes on or off, got ${quoteForMessage(value ?? "")}`, expected: EXPECTED };
    }
    index += 1 + arity;
  }
  return undefined;
}
