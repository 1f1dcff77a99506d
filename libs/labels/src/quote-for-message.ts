const MAX_QUOTED_CHARACTERS = 80;

// Label text is user input that ends up in logs: printable ASCII is shown as is and everything
// else escaped, so control characters or bidi marks cannot forge or hide log content.
export function quoteForMessage(text: string): string {
  let quoted = "";
  let count = 0;
  for (const character of text) {
    if (count === MAX_QUOTED_CHARACTERS) {
      return `"${quoted}…" (${text.length} characters)`;
    }
    quoted += escapeCharacter(character);
    count++;
  }
  return `"${quoted}"`;
}

function escapeCharacter(character: string): string {
  if (character === '"' || character === "\\") return `\\${character}`;
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint >= 0x20 && codePoint <= 0x7e) return character;
  return `\\u{${codePoint.toString(16).toUpperCase()}}`;
}
