import { describeCharacter } from "./describe-character.js";
import type { LabelProblem } from "./errors/label-error.js";

// Checks on a part as written, before any expansion. Parts run without a shell, so shell syntax
// and quoting would not mean what the user expects: refuse them instead of passing them to ip.

function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || (code >= 0x7f && code <= 0x9f);
}

export function findControlCharacter(text: string): LabelProblem | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!isControl(code)) continue;
    const newline = code === 0x0a;
    return {
      code: "bad-character",
      problem: `control character ${describeCharacter(text.charAt(index))} is not allowed`,
      expected: newline ? 'one line per part; separate parts with ";", not newlines' : "printable characters",
    };
  }
  return undefined;
}

const SHELL_TOKENS = new Set(["`", "$(", "|", "&", ">", "<"]);

export function findShellSyntax(text: string): LabelProblem | undefined {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charAt(index);
    const token = unit === "$" && text[index + 1] === "(" ? "$(" : unit;
    if (!SHELL_TOKENS.has(token)) continue;
    return {
      code: "shell-syntax",
      problem: `shell syntax "${token}" is not allowed (parts run without a shell)`,
      expected: "plain ip arguments",
    };
  }
  return undefined;
}

const QUOTING_CHARACTERS = new Set(["'", '"', "\\"]);

export function findQuoting(text: string): LabelProblem | undefined {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charAt(index);
    if (!QUOTING_CHARACTERS.has(unit)) continue;
    return {
      code: "quoting",
      problem: `${describeCharacter(unit)} found: quotes and escapes are not supported: arguments are split on whitespace`,
      expected: "unquoted ip arguments separated by spaces",
    };
  }
  return undefined;
}
