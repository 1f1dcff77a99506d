import type { LabelProblem } from "./errors/label-error.js";
import type { LabelVariables } from "./plan-types.js";
import { LABEL_LIMITS } from "./limits.js";
import { quoteForMessage } from "./quote-for-message.js";
import { isNameCharacter, isNameStart, isVariableName } from "./variable-name.js";

export type Expansion = { ok: true; text: string; usedVariables: boolean } | { ok: false; problem: LabelProblem };

type Reference = { kind: "literal"; end: number } | { kind: "name"; name: string; end: number } | { kind: "bad"; token: string };

const SYNTAX_EXPECTED = '$NAME, ${NAME}, or $$ for a literal "$"';

/**
 * Expands $NAME, ${NAME} and $$. Only names in `allowed` are read, so a label cannot reach the
 * rest of the environment; unset or empty values are errors rather than silently empty words.
 */
export function expandVariables(text: string, variables: LabelVariables): Expansion {
  let expanded = "";
  let usedVariables = false;
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf("$", index);
    if (dollar === -1) break;
    expanded += text.slice(index, dollar);
    const reference = readReference(text, dollar);
    if (reference.kind === "bad") {
      return { ok: false, problem: variableSyntax(reference.token) };
    }
    if (reference.kind === "literal") {
      expanded += "$";
    } else {
      const value = lookUp(reference.name, variables);
      if (typeof value !== "string") return { ok: false, problem: value };
      expanded += value;
      usedVariables = true;
    }
    index = reference.end;
    // Bounded work: a part that has already grown past the limit is refused, not expanded on.
    if (expanded.length > LABEL_LIMITS.maxPartLength) {
      return {
        ok: false,
        problem: {
          code: "too-long",
          problem: `part is longer than ${LABEL_LIMITS.maxPartLength} characters after variable expansion`,
          expected: `at most ${LABEL_LIMITS.maxPartLength} characters`,
        },
      };
    }
  }
  return { ok: true, text: expanded + text.slice(index), usedVariables };
}

function readReference(text: string, dollar: number): Reference {
  const next = text[dollar + 1];
  if (next === "$") return { kind: "literal", end: dollar + 2 };
  if (next === "{") {
    const close = text.indexOf("}", dollar + 2);
    if (close === -1) return { kind: "bad", token: text.slice(dollar) };
    const name = text.slice(dollar + 2, close);
    if (!isVariableName(name)) return { kind: "bad", token: text.slice(dollar, close + 1) };
    return { kind: "name", name, end: close + 1 };
  }
  if (!isNameStart(next)) return { kind: "bad", token: text.slice(dollar, dollar + 2) };
  let end = dollar + 2;
  while (isNameCharacter(text[end])) end++;
  return { kind: "name", name: text.slice(dollar + 1, end), end };
}

function lookUp(name: string, { allowed, values }: LabelVariables): string | LabelProblem {
  if (!allowed.includes(name)) {
    const listed = allowed.length === 0 ? "none are listed now" : `listed now: ${allowed.join(", ")}`;
    return {
      code: "variable-not-allowed",
      problem: `variable $${name} is not allowed: list it in DEHANDLER_LABEL_VARS to use it in labels`,
      expected: `only variables listed in DEHANDLER_LABEL_VARS (${listed})`,
    };
  }
  // hasOwn: `values` may be any object, and inherited names such as "constructor" are not variables.
  const value = Object.hasOwn(values, name) ? values[name] : undefined;
  if (value === undefined || value === "") {
    return {
      code: "variable-unset",
      problem: `variable $${name} is ${value === undefined ? "not set" : "set but empty"}`,
      expected: `a non-empty value for ${name} in dehandler's environment`,
    };
  }
  return value;
}

function variableSyntax(token: string): LabelProblem {
  const problem = token === "$" ? 'a lone "$" at the end of the part' : `variable syntax ${quoteForMessage(token)} is not supported`;
  return { code: "variable-syntax", problem, expected: SYNTAX_EXPECTED };
}
