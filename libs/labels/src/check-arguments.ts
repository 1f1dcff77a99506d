import { describeCharacter } from "./describe-character.js";
import type { LabelProblem } from "./errors/label-error.js";
import { LABEL_LIMITS } from "./limits.js";

// Addresses, prefixes, device names, table ids and keywords need nothing else; checking after
// expansion also keeps variable values from smuggling in anything a plain argument could not hold.
const ARGUMENT_PUNCTUATION = new Set(["_", ".", ":", "/", "%", "@", "+", "=", ",", "-"]);

function isArgumentCharacter(character: string): boolean {
  return (
    (character >= "a" && character <= "z") ||
    (character >= "A" && character <= "Z") ||
    (character >= "0" && character <= "9") ||
    ARGUMENT_PUNCTUATION.has(character)
  );
}

export function checkArguments(args: readonly string[], usedVariables: boolean): LabelProblem | undefined {
  for (const arg of args) {
    for (const character of arg) {
      if (isArgumentCharacter(character)) continue;
      const source = usedVariables ? " (after variable expansion)" : "";
      return {
        code: "bad-character",
        problem: `character ${describeCharacter(character)} is not allowed in ip arguments${source}`,
        expected: "arguments made of letters, digits and _ . : / % @ + = , -",
      };
    }
  }
  if (args.length > LABEL_LIMITS.maxArguments) {
    return {
      code: "too-many-arguments",
      problem: `part has ${args.length} arguments`,
      expected: `at most ${LABEL_LIMITS.maxArguments} arguments per part`,
    };
  }
  const longIndex = args.findIndex((arg) => arg.length > LABEL_LIMITS.maxArgumentLength);
  const long = args[longIndex];
  if (long !== undefined) {
    return {
      code: "too-long",
      problem: `argument ${longIndex} is ${long.length} characters`,
      expected: `at most ${LABEL_LIMITS.maxArgumentLength} characters per argument`,
    };
  }
  return undefined;
}
