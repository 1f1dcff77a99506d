export type IpFamily = "-4" | "-6";
export type IpObject = "address" | "route" | "rule";
export type IpVerb = "add" | "prepend" | "append" | "delete";

/** An `ip` command's arguments, read once the way ip reads them: what the ip layer reasons with. */
export interface IpCommand {
  /** As given: what runs. */
  args: readonly string[];
  family: IpFamily | undefined;
  /** `args` without the family flag: ip takes the family once per process, so a batch line carries only this. */
  body: readonly string[];
  /** Only the objects this library reasons about; `link`, `addrlabel`, ... come out as undefined. */
  object: IpObject | undefined;
  /** Only the verbs that can converge; `replace`, `show`, ... come out as undefined. */
  verb: IpVerb | undefined;
  /** Everything after the verb (selectors, nexthops, ...), whatever the verb. */
  rest: readonly string[];
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
export function parseIpCommand(args: readonly string[]): IpCommand {
  const first = args[0];
  const family = first === "-4" || first === "-6" ? first : undefined;
  const body = family === undefined ? args : args.slice(1);
  const object = matchWord(body[0], OBJECTS);
  const verb = object === undefined ? undefined : matchWord(body[1], VERBS[object]);
  return { args, family, body, object, verb, rest: body.slice(2) };
}

function matchWord<W extends string>(arg: string | undefined, words: readonly W[]): W | undefined {
  if (!arg) return undefined;
  return words.find((word) => word.startsWith(arg));
}
