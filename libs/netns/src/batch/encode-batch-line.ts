// `ip -batch` splits each line into words itself (iproute2's makeargs): whitespace separates,
// quotes and backslashes group, `#` starting a word ends the line, and it keeps at most 100 words.
// A command is sent as a line only when those rules give back exactly its words.
const MAX_WORDS = 99;
const SPECIAL = /[\s"'\\]|^#|\p{Cc}/u;

/** The batch line for one command's arguments, or undefined if ip would not read it back as given. */
export function encodeBatchLine(args: readonly string[]): string | undefined {
  if (args.length === 0 || args.length > MAX_WORDS) return undefined;
  if (args.some((word) => word === "" || SPECIAL.test(word))) return undefined;
  return args.join(" ");
}
