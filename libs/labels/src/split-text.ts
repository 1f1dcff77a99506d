// Only space and tab separate words; every other whitespace or control character is refused later,
// so text is never split in a way the user cannot see.
export function isBlank(unit: string | undefined): boolean {
  return unit === " " || unit === "\t";
}

export interface LabelPart {
  index: number;
  text: string;
}

/** Non-empty `;`-separated parts, trimmed, keeping the index each had in the written list. */
export function splitParts(value: string): LabelPart[] {
  const parts: LabelPart[] = [];
  value.split(";").forEach((raw, index) => {
    const text = trimBlanks(raw);
    if (text !== "") parts.push({ index, text });
  });
  return parts;
}

export function trimBlanks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text[start])) start++;
  while (end > start && isBlank(text[end - 1])) end--;
  return text.slice(start, end);
}

/** Words separated by runs of spaces and tabs, as an unquoted shell expansion would split them. */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const blank = index === text.length || isBlank(text[index]);
    if (blank && start !== -1) {
      words.push(text.slice(start, index));
      start = -1;
    } else if (!blank && start === -1) {
      start = index;
    }
  }
  return words;
}
