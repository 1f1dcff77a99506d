import type { LabelProblem } from "./errors/label-error.js";
import { quoteForMessage } from "./quote-for-message.js";

export type AddressFamily = "-4" | "-6";

export interface SeparatedFamily {
  family: AddressFamily | undefined;
  words: readonly string[];
}

/** The one option a label may use: a leading "-4" or "-6" choosing the address family. */
export function separateFamily(args: readonly string[]): SeparatedFamily {
  const first = args[0];
  if (first === "-4" || first === "-6") return { family: first, words: args.slice(1) };
  return { family: undefined, words: args };
}

// Options such as -netns, -batch or -force would escape the namespace dehandler chose or run
// commands from a file; "netns" as a word could move things to another namespace.
export function findForbiddenOption(words: readonly string[]): LabelProblem | undefined {
  const found = words.find((word) => word.startsWith("-") || word === "netns");
  if (found === undefined) return undefined;
  if (found === "netns") {
    return {
      code: "forbidden-option",
      problem: `argument "netns" is not allowed (dehandler chooses the network namespace)`,
      expected: "ip arguments that stay in the namespace dehandler chose",
    };
  }
  return {
    code: "forbidden-option",
    problem: `option ${quoteForMessage(found)} is not allowed: ` + "ip options such as -batch, -force, -netns are not allowed",
    expected: 'an optional leading "-4" or "-6", then ip arguments without options',
  };
}
