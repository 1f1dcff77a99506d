// Compose interpolates every label value before the container exists: `${VAR}` and `$VAR` come from
// compose's environment (the shell and .env), `$$` becomes a literal `$`, and a `$` followed by
// anything else is refused ("invalid interpolation format"). dehandler only ever sees the result.

export interface ComposeReference {
  /** The variable compose reads, e.g. "VPN_IP". */
  name: string;
  /** As written: "$VPN_IP" or "${VPN_IP:-10.8.0.0}". */
  written: string;
  braced: boolean;
  /** Offset in the written value, to tell which `;`-part it is in. */
  offset: number;
}

export interface ComposeInterpolation {
  /** The value as dehandler would receive it, compose references replaced by stand-ins. */
  text: string;
  references: ComposeReference[];
  /** Syntax compose itself would refuse; `text` is then not meaningful. */
  invalid: { written: string; offset: number } | undefined;
}

/** What a compose variable stands for while linting: an address, the commonest use in labels. */
export const COMPOSE_PLACEHOLDER = "192.0.2.1";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?$/s;

/** Applies compose's rules to one label value; a `${VAR:-default}` lints with its default. */
export function interpolateCompose(value: string): ComposeInterpolation {
  let text = "";
  const references: ComposeReference[] = [];
  let index = 0;
  while (index < value.length) {
    const dollar = value.indexOf("$", index);
    if (dollar === -1) break;
    text += value.slice(index, dollar);
    const next = value[dollar + 1];
    if (next === "$") {
      text += "$";
      index = dollar + 2;
      continue;
    }
    if (next === "{") {
      const close = value.indexOf("}", dollar + 2);
      const match = close === -1 ? null : BRACED.exec(value.slice(dollar + 2, close));
      if (match === null || match[1] === undefined) return invalid(value, dollar, close);
      const written = value.slice(dollar, close + 1);
      references.push({ name: match[1], written, braced: true, offset: dollar });
      const [, , operator, word] = match;
      text += operator === ":-" || operator === "-" ? (word ?? "") : COMPOSE_PLACEHOLDER;
      index = close + 1;
      continue;
    }
    const name = NAME.exec(value.slice(dollar + 1))?.[0];
    if (name === undefined) return invalid(value, dollar, dollar + 1);
    references.push({ name, written: `$${name}`, braced: false, offset: dollar });
    text += COMPOSE_PLACEHOLDER;
    index = dollar + 1 + name.length;
  }
  return { text: text + value.slice(index), references, invalid: undefined };
}

function invalid(value: string, dollar: number, end: number): ComposeInterpolation {
  const written = end === -1 ? value.slice(dollar) : value.slice(dollar, end + 1);
  return { text: value, references: [], invalid: { written, offset: dollar } };
}

/** The 0-based `;`-part an offset falls in, counted as dehandler counts parts (empty ones too). */
export function partIndexAt(value: string, offset: number): number {
  let parts = 0;
  for (let index = value.indexOf(";"); index !== -1 && index < offset; index = value.indexOf(";", index + 1)) parts++;
  return parts;
}
