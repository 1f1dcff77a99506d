export type IpObject = "address" | "route" | "rule";
export type IpVerb = "add" | "prepend" | "append" | "delete";

export interface IpCommandWords {
  family: "-4" | "-6" | undefined;
  object: IpObject | undefined;
  /** Only the verbs that can converge; `replace`, `show`, ... come out as undefined. */
  verb: IpVerb | undefined;
  /** Everything after the verb (selectors, nexthops, ...). */
  rest: string[];
}

// ip takes any non-empty prefix of a word and tries its own table in order, so "r" is route and
// "ru" is rule; verbs that come first in ip's tables and start alike (none here) would win.
const OBJECTS: readonly IpObject[] = ["address", "route", "rule"];
const VERBS: Readonly<Record<IpObject, readonly IpVerb[]>> = {
  address: ["add", "delete"],
  route: ["add", "prepend", "append", "delete"],
  rule: ["add", "delete"],
};

/** Reads `[-4|-6] <object> <verb> ...` the way ip does, for the objects this library reasons about. */
export function parseIpCommand(args: readonly string[]): IpCommandWords {
  const first = args[0];
  const family = first === "-4" || first === "-6" ? first : undefined;
  const objectIndex = family === undefined ? 0 : 1;
  const object = matchWord(args[objectIndex], OBJECTS);
  const verb = object === undefined ? undefined : matchWord(args[objectIndex + 1], VERBS[object]);
  return { family, object, verb, rest: args.slice(objectIndex + 2) };
}

function matchWord<W extends string>(arg: string | undefined, words: readonly W[]): W | undefined {
  if (!arg) return undefined;
  return words.find((word) => word.startsWith(arg));
}
