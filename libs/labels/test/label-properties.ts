// Property-based checks of planFromLabels, the boundary between label text written by whoever
// starts a container and the `ip` commands a root worker runs. One definition of each property,
// shared by the unit fuzz test (few runs, every `npm test`) and scripts/fuzz-labels.ts (long runs).
//
// The expectations below (allowlists, charset, order) are written out here on purpose instead of
// being imported from src: a change to the boundary should have to change this file too.
import fc from "fast-check";
import { LabelError } from "../src/errors/label-error.js";
import type { LabelErrorCode } from "../src/errors/label-error.js";
import { LABEL_KEYS } from "../src/label-keys.js";
import type { LabelKey } from "../src/label-keys.js";
import { LABEL_LIMITS } from "../src/limits.js";
import { planFromLabels } from "../src/plan-from-labels.js";
import type { LabelVariables, PlannedCommand, PlanResult } from "../src/plan-types.js";

// ---------------------------------------------------------------------------------------------
// Expected behaviour, stated independently of the implementation.

interface ExpectedSpec {
  object: "address" | "route" | "rule";
  target: "container" | "host";
  verbs: readonly string[];
}

export const EXPECTED_SPECS: Readonly<Record<LabelKey, ExpectedSpec>> = {
  "docker-events.address": {
    object: "address",
    target: "container",
    verbs: ["add", "change", "replace", "del", "delete", "flush"],
  },
  "docker-events.route": {
    object: "route",
    target: "container",
    verbs: ["add", "append", "change", "replace", "prepend", "del", "delete", "flush"],
  },
  "docker-events.rule": { object: "rule", target: "container", verbs: ["add", "del", "delete", "flush"] },
  "docker-events.host-route": {
    object: "route",
    target: "host",
    verbs: ["add", "append", "change", "replace", "prepend", "del", "delete"],
  },
};

// A Record so that the compiler complains if a code is added to LabelErrorCode and not here.
const KNOWN_CODES: Readonly<Record<LabelErrorCode, true>> = {
  "shell-syntax": true,
  "bad-character": true,
  quoting: true,
  "variable-syntax": true,
  "variable-not-allowed": true,
  "variable-unset": true,
  "forbidden-option": true,
  "unknown-verb": true,
  "missing-verb": true,
  "too-long": true,
  "too-many-parts": true,
  "too-many-arguments": true,
};

/** The documented argument charset: letters, digits and _ . : / % @ + = , - */
const ARGUMENT_CHARSET = /^[A-Za-z0-9_.:/%@+=,-]+$/;
const SHELL_OR_QUOTING = ["`", "$", "|", "&", ";", "<", ">", "(", ")", "'", '"', "\\"];

/** Per call, on inputs up to 2 × maxLabelLength (plus a few far larger pathological ones). */
export const MAX_CALL_MS = 50;

const ALL_VERBS = [...new Set(Object.values(EXPECTED_SPECS).flatMap((spec) => spec.verbs))];

// ---------------------------------------------------------------------------------------------
// Counters, so a run can show that the checks on accepted plans did not pass vacuously.

export interface Coverage {
  calls: number;
  okPlans: number;
  commands: number;
  errors: Partial<Record<string, number>>;
}

export const coverage: Coverage = { calls: 0, okPlans: 0, commands: 0, errors: {} };

function plan(labels: Readonly<Record<string, string>>, variables: LabelVariables): PlanResult {
  const result = planFromLabels(labels, variables);
  coverage.calls++;
  if (result.ok) {
    coverage.okPlans++;
    coverage.commands += result.plan.commands.length;
  } else {
    for (const error of result.errors) coverage.errors[error.code] = (coverage.errors[error.code] ?? 0) + 1;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Generators.

const DANGEROUS = [
  ";", ";;", " ; ", "$(", "$(id)", "$(reboot)", "`", "`id`", "|", "| sh", "||", "&", "&&", "&& reboot", ">", ">>",
  "> /etc/passwd", "<", "< /etc/shadow", "(", ")", "{", "}", "\n", "\r", "\r\n", "\0", "\t", "\v", "\f", "\x1b[2J",
  "\x7f", "\x85", "$VAR", "${VAR}", "$$", "${", "$", "$1", "${}", "${VAR:-x}", "${VAR/a/b}", "${!VAR}", "$?", "$@",
  "$*", "$#", "$-", "'", '"', "\\", "\\n", "\\;", "-batch", "-b", "-force", "-n", "-netns", "-N", "-all", "--",
  "-", "-4", "-6", "-0", "-family", "netns", "exec", "ip", "sh -c", "/bin/sh", "rm -rf /", "address", "addr", "route",
  "rule", "link", "monitor", "help", "show", "list", "save", "restore", "#", "~", "*", "?", "[a]", "!", "=", ",",
  "%eth0", "@", ":", "/", "..", "../../etc", "%00", "%0a",
];

// Characters that look like something harmless or like a separator, but are not ASCII.
const CONFUSABLES = [
  "\uff1b", "\uff04", "\uff5c", "\uff06", "\uff1e", "\u037e", "\u200b", "\u200c", "\u200d", "\u00a0", "\u2028",
  "\u2029", "\u202e", "\u2066", "\ufeff", "\u180e", "\u3000", "\u2010", "\u2212", "\u2013", "\u2044", "\uff0f",
  "\u0430dd", "\uff41\uff44\uff44", "r\u043eute", "\u0455h", "\u2024", "\u0660", "\ud800", "\udfff", "\ud83d\ude00",
  "e\u0301", "\u{e0041}",
];

const VALID_PARTS = [
  "add 10.0.0.0/8 via 1.2.3.4 dev eth0",
  "add 10.0.1.4/16 dev eth0",
  "del default",
  "delete default",
  "add default via 33.156.88.1",
  "add from 10.0.0.5 table 100",
  "flush dev eth0",
  "-4 add 10.0.0.1/32 dev eth0",
  "-6 add fd00::1/64 dev eth0",
  "-6 add ::/0 via fe80::1%eth0",
  "replace default via 172.20.20.1 metric 100",
  "add $VPN_IP/16 via ${INT_IF_IP}",
  "prepend ${VPN_IP}/24 via $INT_IF_IP",
];

const OTHER_VERBS = ["show", "list", "get", "save", "restore", "exec", "help", "monitor", "a", "ad", "fl", "ADD", "Add"];

/** Names labels may be allowed to read. Includes names that exist on Object.prototype. */
const ALLOWED_POOL = ["VPN_IP", "INT_IF_IP", "DEV", "X", "_", "constructor", "toString", "__proto__"];
/** Names that are set in the environment but never allowed. */
const SECRET_POOL = ["SECRET", "REDIS_PASSWORD", "PATH", "HOME", "DOCKER_HOST", "AWS_SECRET_ACCESS_KEY", "valueOf"];
const REFERENCED_NAMES = [...ALLOWED_POOL, ...SECRET_POOL, "VAR", "UNSET", "hasOwnProperty", "a1", "A_B"];

const blank = fc.constantFrom(" ", " ", " ", "\t", "  ", " \t ");

const safeWord = fc
  .stringMatching(/^[A-Za-z0-9_.:/%@+=,][A-Za-z0-9_.:/%@+=,-]{0,15}$/)
  .filter((word) => word !== "netns");

const reference = fc.oneof(
  fc.constantFrom(...REFERENCED_NAMES).map((name) => `$${name}`),
  fc.constantFrom(...REFERENCED_NAMES).map((name) => `\${${name}}`),
  fc.tuple(fc.constantFrom(...REFERENCED_NAMES), fc.constantFrom("/16", "-x", ":1", "x", "$", "}", ";", "{")).map(
    ([name, suffix]) => `\${${name}}${suffix}`,
  ),
  fc.constantFrom("$", "$$", "${", "${}", "$1", "${1}", "${ X}", "${X", "$-", "$$$", "$$VPN_IP", "$$$VPN_IP"),
);

const hostileFragment = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...DANGEROUS) },
  { weight: 3, arbitrary: fc.constantFrom(...ALL_VERBS, ...OTHER_VERBS) },
  { weight: 3, arbitrary: safeWord },
  { weight: 3, arbitrary: reference },
  { weight: 2, arbitrary: fc.constantFrom(...VALID_PARTS) },
  { weight: 2, arbitrary: fc.constantFrom(...CONFUSABLES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);

const separator = fc.constantFrom("", " ", " ", " ", "\t", ";", " ; ", ";;", "\n", "  ");

/** Text assembled from hostile fragments and separators. */
const hostileText = fc
  .array(fc.tuple(hostileFragment, separator), { maxLength: 24 })
  .map((pairs) => pairs.map(([fragment, sep]) => fragment + sep).join(""));

/** A part that is usually accepted: optional family, verb, plain words, some references. */
const nearValidPart = fc
  .tuple(
    fc.constantFrom("", "", "", "-4 ", "-6 ", "-4\t"),
    fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...ALL_VERBS) },
      { weight: 1, arbitrary: fc.constantFrom(...OTHER_VERBS) },
    ),
    fc.array(
      fc.oneof(
        { weight: 12, arbitrary: safeWord },
        { weight: 4, arbitrary: reference },
        { weight: 1, arbitrary: hostileFragment },
      ),
      { maxLength: 8 },
    ),
    blank,
  )
  .map(([family, verb, words, sep]) => `${family}${[verb, ...words].join(sep)}`);

const nearValidValue = fc
  .array(fc.tuple(fc.constantFrom("", " ", "\t"), nearValidPart, fc.constantFrom("", " ", ";", " ; ")), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.map(([before, part, after]) => before + part + after).join(";"));

const LONG_UNITS = [
  "$", "${", ";", " ", "\t", "$$", "a", "-", "$X", "${X}", "add 1.2.3.4 ", "add 1.2.3.4;", "\n", "\0", "`", "a ",
  "a;", "-batch ", "${X", "\u00a0", "\ud83d\ude00", "\ud800", "\u00e9", "$(", ";add ", "add $X", "add ${X}/8;",
  "${VPN_IP}", "$VPN_IP$VPN_IP", "$$$", " ;", "add ", "-4 ", "\\",
];

/** A run of one unit, or of a hostile chunk, up to 2 × maxLabelLength characters. */
const longRun = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...LONG_UNITS) }, { weight: 1, arbitrary: hostileText }),
    fc.integer({ min: 1, max: 2 * LABEL_LIMITS.maxLabelLength }),
    fc.constantFrom("", "", "add 10.0.0.1 ", "add ", "; ", "$"),
  )
  .map(([unit, length, prefix]) => {
    const body = unit === "" ? "" : unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
    return (prefix + body).slice(0, 2 * LABEL_LIMITS.maxLabelLength);
  });

/** Far past the limits: 100 KB of "$", 50k "${", 10k ";", long blank runs, many tiny parts. */
const pathological = fc
  .constantFrom<[string, number]>(
    ["$", 100_000],
    ["${", 50_000],
    [";", 10_000],
    [";", 100_000],
    [" ", 100_000],
    ["\t", 32_768],
    [" \t", LABEL_LIMITS.maxLabelLength / 2],
    ["a;", LABEL_LIMITS.maxLabelLength / 2],
    ["a ", LABEL_LIMITS.maxLabelLength / 2],
    ["$X", LABEL_LIMITS.maxLabelLength / 2],
    ["$$", LABEL_LIMITS.maxLabelLength / 2],
    ["${X}", LABEL_LIMITS.maxLabelLength / 4],
    ["$VPN_IP", Math.floor(LABEL_LIMITS.maxLabelLength / 7)],
    ["${", LABEL_LIMITS.maxLabelLength / 2],
    ["${" + "a".repeat(1000) + ";", 16],
    ["add " + "$X".repeat(510) + ";", 15],
    ["add " + "a ".repeat(510) + ";", 15],
    ["add " + "x".repeat(1019) + ";", 16],
    ["add 1.2.3.4;", 256],
    ["add 1.2.3.4;", 257],
    ["-", 100_000],
  )
  .map(([unit, count]) => unit.repeat(count));

/** Values at the edges of the limits: argument count and length, part length, parts, label length. */
const boundaryValue = fc.oneof(
  fc.integer({ min: LABEL_LIMITS.maxArguments - 4, max: LABEL_LIMITS.maxArguments + 4 }).map(
    (count) => `add ${Array.from({ length: count - 1 }, (_, index) => `a${index}`).join(" ")}`,
  ),
  fc.integer({ min: LABEL_LIMITS.maxArgumentLength - 4, max: LABEL_LIMITS.maxArgumentLength + 4 }).map(
    (length) => `add ${"1".repeat(length)} dev eth0`,
  ),
  fc.integer({ min: LABEL_LIMITS.maxPartLength - 4, max: LABEL_LIMITS.maxPartLength + 4 }).map(
    (length) => `add${" ".repeat(length - 10)}1.2.3.4`,
  ),
  fc.integer({ min: LABEL_LIMITS.maxParts - 4, max: LABEL_LIMITS.maxParts + 4 }).map((count) =>
    "add 1.2.3.4;".repeat(count),
  ),
  fc.integer({ min: LABEL_LIMITS.maxLabelLength - 4, max: LABEL_LIMITS.maxLabelLength + 4 }).map((length) => {
    const part = `add ${"1".repeat(250)};`;
    const body = part.repeat(Math.floor(length / part.length));
    return body + " ".repeat(length - body.length);
  }),
);

export const labelValue = fc.oneof(
  { weight: 1, arbitrary: boundaryValue },
  { weight: 4, arbitrary: nearValidValue },
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 32 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: fc.constantFrom(";", " ", "$", "{", "}", "-", "\t", "a", "\\"), maxLength: 40 }),
  },
);

const unknownDockerEventsKey = fc.oneof(
  fc.constantFrom(
    "docker-events.routes",
    "docker-events.addr",
    "docker-events.adress",
    "docker-events.hostroute",
    "docker-events.host_route",
    "docker-events.Route",
    "docker-events.ROUTE",
    "docker-events.",
    "docker-events.route ",
    "docker-events.rules",
    "docker-events.__proto__",
    "docker-events.constructor",
    "docker-events.route\u200b",
    "docker-events.r\u043eute",
    "docker-events.route\n",
  ),
  fc.string({ maxLength: 20 }).map((suffix) => `docker-events.${suffix}`),
  fc.string({ unit: "binary", maxLength: 12 }).map((suffix) => `docker-events.${suffix}`),
);

const unrelatedKey = fc.oneof(
  fc.constantFrom(
    "com.example.route",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "maintainer",
    "org.opencontainers.image.title",
    "docker-events",
    "docker-events-route",
    "Docker-Events.route",
    " docker-events.route",
    "dehandler.route",
    "",
  ),
  fc.string({ maxLength: 20 }),
);

const knownKey = fc.constantFrom(...LABEL_KEYS);

function labelsFrom(entries: readonly (readonly [string, string])[]): Record<string, string> {
  // fromEntries defines own properties, so "__proto__" is a key like any other here.
  return Object.fromEntries(entries);
}

const hostileLabels = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.tuple(knownKey, labelValue) },
      { weight: 1, arbitrary: fc.tuple(unknownDockerEventsKey, labelValue) },
      { weight: 1, arbitrary: fc.tuple(unrelatedKey, labelValue) },
    ),
    { maxLength: 8 },
  )
  .map(labelsFrom);

/** A part for `key` that is usually accepted; references mostly name variables in `names`. */
function likelyValidPart(key: LabelKey, names: readonly string[]): fc.Arbitrary<string> {
  const allowedReference =
    names.length === 0
      ? reference
      : fc.oneof(
          fc.constantFrom(...names).map((name) => `$${name}`),
          fc.tuple(fc.constantFrom(...names), fc.constantFrom("", "/16", "/32", "x", ":1")).map(
            ([name, suffix]) => `\${${name}}${suffix}`,
          ),
        );
  const verbs = EXPECTED_SPECS[key].verbs;
  return fc
    .tuple(
      fc.constantFrom("", "", "", "-4 ", "-6 ", "-4\t"),
      fc.oneof(
        { weight: 19, arbitrary: fc.constantFrom(...verbs) },
        { weight: 1, arbitrary: fc.constantFrom(...ALL_VERBS, ...OTHER_VERBS) },
      ),
      fc.array(fc.oneof({ weight: 3, arbitrary: safeWord }, { weight: 1, arbitrary: allowedReference }), { maxLength: 8 }),
      fc.oneof(
        { weight: 9, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: fc.tuple(fc.nat(), hostileFragment) },
      ),
      blank,
    )
    .map(([family, verb, words, hostile, sep]) => {
      const all = [verb, ...words];
      if (hostile !== null) all.splice(hostile[0] % (all.length + 1), 0, hostile[1]);
      return `${family}${all.join(sep)}`;
    });
}

function likelyValidValue(key: LabelKey, names: readonly string[]): fc.Arbitrary<string> {
  return fc
    .array(
      fc.tuple(fc.constantFrom("", " ", "\t"), likelyValidPart(key, names), fc.constantFrom("", "", " ", ";", " ; ")),
      { minLength: 1, maxLength: 4 },
    )
    .map((parts) => parts.map(([before, part, after]) => before + part + after).join(";"));
}

/** Known keys with mostly acceptable values (given the allowed names), so that accepted plans are common. */
function mostlyValidLabels(names: readonly string[]): fc.Arbitrary<Record<string, string>> {
  return fc
    .tuple(
      fc.shuffledSubarray([...LABEL_KEYS], { minLength: 1 }).chain((keys) =>
        fc.tuple(
          ...keys.map((key) =>
            fc
              .oneof({ weight: 15, arbitrary: likelyValidValue(key, names) }, { weight: 1, arbitrary: boundaryValue })
              .map((value) => [key, value] as const),
          ),
        ),
      ),
      fc.array(fc.tuple(unrelatedKey, labelValue), { maxLength: 2 }),
    )
    .map(([known, other]) => labelsFrom([...other, ...known]));
}

const plainValue = fc.oneof(
  fc.constantFrom("10.0.8.0", "172.20.20.1", "eth0", "fd00::1", "default", "100", "1.2.3.4/8"),
  safeWord,
);

/** A value an operator might allow, or hostile text in an allowed variable. */
const variableValue = fc.oneof(
  { weight: 9, arbitrary: plainValue },
  { weight: 2, arbitrary: hostileText.map((text) => text.slice(0, 45)) },
  { weight: 1, arbitrary: fc.constantFrom("", "   ", "1.2.3.4;reboot", "x -batch", "x netns y", "-force", "$(id)") },
  { weight: 1, arbitrary: fc.constantFrom("add 1.2.3.4 dev eth0", "eth0\n", "1.2.3.4 ", "\t1.2.3.4", "$OTHER") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);

const hexToken = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 12, maxLength: 12 });

/** What must never show up: the value (or the start of it) of a variable that is set but not allowed. */
const SECRET_TAILS = [
  "",
  " -batch /etc/passwd",
  ";reboot",
  "$(id)",
  " ; add 6.6.6.6/32 dev eth0",
  "\nadd 1.1.1.1",
  " netns evil",
];

export interface LabelInput {
  labels: Record<string, string>;
  variables: LabelVariables;
  /** Values of names set in `values` but not allowed; `marker` is a unique token inside each. */
  secrets: readonly { name: string; marker: string }[];
}

const variablesAndSecrets = fc
  .tuple(
    fc.subarray(ALLOWED_POOL),
    fc.oneof(
      fc.array(fc.option(variableValue, { nil: undefined, freq: 6 }), {
        minLength: ALLOWED_POOL.length,
        maxLength: ALLOWED_POOL.length,
      }),
      fc.array(plainValue, { minLength: ALLOWED_POOL.length, maxLength: ALLOWED_POOL.length }),
    ),
    fc.uniqueArray(fc.constantFrom(...SECRET_POOL), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(hexToken, fc.constantFrom(...SECRET_TAILS)), {
      minLength: ALLOWED_POOL.length + SECRET_POOL.length,
      maxLength: ALLOWED_POOL.length + SECRET_POOL.length,
    }),
    fc.boolean(),
  )
  .map(([allowed, poolValues, secretNames, tokens, omitUnset]) => {
    const entries: [string, string | undefined][] = [];
    const secrets: { name: string; marker: string }[] = [];
    const secretValue = (name: string, slot: number): string => {
      const [hex, tail] = tokens[slot] ?? ["000000000000", ""];
      const marker = `S3CRET${hex}`;
      secrets.push({ name, marker });
      return marker + tail;
    };
    ALLOWED_POOL.forEach((name, index) => {
      if (allowed.includes(name)) {
        const value = poolValues[index];
        if (value !== undefined || !omitUnset) entries.push([name, value]);
      } else {
        // A pool name that was not allowed this time is as secret as any other.
        entries.push([name, secretValue(name, index)]);
      }
    });
    secretNames.forEach((name, index) => entries.push([name, secretValue(name, ALLOWED_POOL.length + index)]));
    const variables: LabelVariables = { allowed, values: Object.fromEntries(entries) };
    return { variables, secrets };
  });

export const labelInput: fc.Arbitrary<LabelInput> = variablesAndSecrets.chain(({ variables, secrets }) =>
  fc
    .oneof({ weight: 1, arbitrary: hostileLabels }, { weight: 1, arbitrary: mostlyValidLabels(variables.allowed) })
    .map((labels) => ({ labels, variables, secrets })),
);

/** Inputs for the timing property: long and pathological label values, long keys. */
export const longLabelInput: fc.Arbitrary<LabelInput> = fc
  .tuple(
    fc.array(
      fc.oneof(
        { weight: 4, arbitrary: fc.tuple(knownKey, fc.oneof(longRun, pathological, labelValue)) },
        {
          weight: 1,
          arbitrary: fc.tuple(
            fc.tuple(fc.constantFrom("docker-events.", "docker-events.route", ""), longRun).map(([a, b]) => a + b),
            labelValue,
          ),
        },
      ),
      { minLength: 1, maxLength: 5 },
    ),
    variablesAndSecrets,
  )
  .map(([entries, { variables, secrets }]) => ({ labels: labelsFrom(entries), variables, secrets }));

// ---------------------------------------------------------------------------------------------
// Helpers for the checks.

function fail(message: string): never {
  throw new Error(message);
}

function trimBlanks(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, "");
}

function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

/** Messages go to logs: printable ASCII only (plus the "…" of a shortened quote). */
function checkPrintable(what: string, message: string): void {
  for (const character of message) {
    const code = character.codePointAt(0) ?? 0;
    if (character === "\u2026" || (code >= 0x20 && code <= 0x7e)) continue;
    fail(`${what} contains ${JSON.stringify(character)}: ${JSON.stringify(message)}`);
  }
}

function isLabelKey(key: string): key is LabelKey {
  return (LABEL_KEYS as readonly string[]).includes(key);
}

function familyAndRest(argv: readonly string[]): { family: string | undefined; rest: readonly string[] } {
  const first = argv[0];
  return first === "-4" || first === "-6" ? { family: first, rest: argv.slice(1) } : { family: undefined, rest: argv };
}

function commandsOf(result: PlanResult): readonly PlannedCommand[] {
  return result.ok ? result.plan.commands : [];
}

function normalise(result: PlanResult): unknown {
  const errors = result.ok
    ? []
    : result.errors.map((error) => ({
        name: error.name,
        message: error.message,
        code: error.code,
        label: error.label,
        partIndex: error.partIndex,
        partText: error.partText,
        expected: error.expected,
        isLabelError: error instanceof LabelError,
      }));
  return { ok: result.ok, commands: commandsOf(result), errors };
}

/** Runs `call` and returns how long it took; re-measures twice before reporting a slow call (GC, JIT). */
function fastestOf3(call: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 3 && best >= MAX_CALL_MS; attempt++) {
    const start = performance.now();
    call();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The checks, one per property; each throws with a description on failure.

export function checkShape({ labels, variables }: LabelInput): void {
  let result: PlanResult;
  try {
    result = plan(labels, variables);
  } catch (error) {
    fail(`planFromLabels threw: ${String(error)}`);
  }
  const keys = Object.keys(labels);
  if (result.ok !== true && result.ok !== false) fail("result.ok is not a boolean");
  const warnings = result.ok ? result.plan.warnings : result.warnings;
  if (result.ok) {
    if ("errors" in result) fail("ok result has errors");
    if (!Array.isArray(result.plan.commands)) fail("ok result has no command list");
  } else {
    if ("plan" in result) fail("failed result has a plan");
    if (result.errors.length === 0) fail("failed result with no errors");
    for (const error of result.errors) {
      if (!(error instanceof LabelError)) fail(`error is not a LabelError: ${String(error)}`);
      if (!Object.hasOwn(KNOWN_CODES, error.code)) fail(`unknown code ${error.code}`);
      if (!keys.includes(error.label) || !isLabelKey(error.label)) fail(`error for label ${error.label} not in input`);
      if (!error.message.includes(error.label)) fail(`message does not name ${error.label}: ${error.message}`);
      checkPrintable("error message", error.message);
      if (error.partIndex !== undefined) {
        const written = (labels[error.label] ?? "").split(";")[error.partIndex];
        if (written === undefined || trimBlanks(written) !== error.partText) {
          fail(`error partIndex ${error.partIndex} / partText ${JSON.stringify(error.partText)} do not match the label`);
        }
      } else if (error.code !== "too-long" && error.code !== "too-many-parts") {
        fail(`part-level error ${error.code} without a part index`);
      }
    }
  }
  // One warning per unknown docker-events.* key, none for anything else.
  const unknown = keys.filter((key) => key.startsWith("docker-events.") && !isLabelKey(key));
  const warned = warnings.map((warning) => warning.label);
  if (JSON.stringify(warned) !== JSON.stringify(unknown)) {
    fail(`warnings for ${JSON.stringify(warned)}, expected ${JSON.stringify(unknown)}`);
  }
  for (const warning of warnings) checkPrintable("warning", warning.message);
}

export function checkBoundedTime({ labels, variables }: LabelInput): void {
  const elapsed = fastestOf3(() => plan(labels, variables));
  if (elapsed >= MAX_CALL_MS) {
    const sizes = Object.entries(labels).map(([key, value]) => `${key.slice(0, 40)}: ${value.length}`);
    fail(`planFromLabels took ${elapsed.toFixed(1)} ms (limit ${MAX_CALL_MS} ms); label sizes ${sizes.join(", ")}`);
  }
}

export function checkVerbsAndTargets({ labels, variables }: LabelInput): void {
  for (const command of commandsOf(plan(labels, variables))) {
    const spec = EXPECTED_SPECS[command.label];
    if (!Object.hasOwn(labels, command.label)) fail(`command for ${command.label}, which is not in the input`);
    const { rest } = familyAndRest(command.argv);
    if (rest[0] !== spec.object) fail(`${command.label}: argv ${JSON.stringify(command.argv)} is not "ip ${spec.object}"`);
    const verb = rest[1];
    if (verb === undefined || !spec.verbs.includes(verb)) {
      fail(`${command.label}: verb ${JSON.stringify(verb)} is not in the allowlist (${JSON.stringify(command.argv)})`);
    }
    if (command.target !== spec.target) fail(`${command.label}: target ${command.target}`);
    if ((command.target === "host") !== (command.label === "docker-events.host-route")) {
      fail(`${command.label} runs on the ${command.target}`);
    }
  }
}

export function checkPlainArguments({ labels, variables }: LabelInput): void {
  const perLabel = new Map<string, number>();
  for (const command of commandsOf(plan(labels, variables))) {
    perLabel.set(command.label, (perLabel.get(command.label) ?? 0) + 1);
    const { family, rest } = familyAndRest(command.argv);
    // argv is [family?, object, verb, ...]; the limit counts what was written: [family?, verb, ...].
    if (command.argv.length - 1 > LABEL_LIMITS.maxArguments) fail(`argv has ${command.argv.length} elements`);
    if (family !== undefined && rest.includes(family)) fail(`family given twice: ${JSON.stringify(command.argv)}`);
    if (command.partText.length > LABEL_LIMITS.maxPartLength) fail(`part of ${command.partText.length} characters`);
    if ((labels[command.label] ?? "").length > LABEL_LIMITS.maxLabelLength) fail(`${command.label} over the length limit`);
    for (const arg of rest) {
      const what = `${command.label} argument ${JSON.stringify(arg)} of ${JSON.stringify(command.argv)}`;
      if (arg === "") fail(`${what} is empty`);
      if (arg.startsWith("-")) fail(`${what} is an option`);
      if (arg === "netns") fail(`${what} changes the namespace`);
      if (arg.length > LABEL_LIMITS.maxArgumentLength) fail(`${what} is too long`);
      for (const bad of SHELL_OR_QUOTING) if (arg.includes(bad)) fail(`${what} contains ${bad}`);
      for (const character of arg) {
        const code = character.codePointAt(0) ?? 0;
        if (isControl(code) || /\s/u.test(character)) fail(`${what} contains U+${code.toString(16)}`);
      }
      if (!ARGUMENT_CHARSET.test(arg)) fail(`${what} is outside the documented charset`);
    }
  }
  for (const [label, count] of perLabel) if (count > LABEL_LIMITS.maxParts) fail(`${label} has ${count} commands`);
}

export function checkSecretsStayHidden({ labels, variables, secrets }: LabelInput): void {
  // The label (or an allowed value) could contain the token by chance; then seeing it proves nothing.
  const allowedValues = variables.allowed.map((name) =>
    Object.hasOwn(variables.values, name) ? variables.values[name] : "",
  );
  const written = [...Object.keys(labels), ...Object.values(labels), ...allowedValues.map((value) => value ?? "")];
  fc.pre(secrets.every(({ marker }) => written.every((text) => !text.includes(marker))));
  const result = plan(labels, variables);
  const seen = [
    ...commandsOf(result).map((command) => command.argv.join(" ")),
    ...(result.ok ? [] : result.errors.flatMap((error) => [error.message, error.expected, error.partText ?? ""])),
    ...(result.ok ? result.plan.warnings : result.warnings).map((warning) => warning.message),
  ];
  for (const { name, marker } of secrets) {
    const leak = seen.find((text) => text.includes(marker));
    if (leak !== undefined) fail(`value of not-allowed variable ${name} leaked: ${JSON.stringify(leak)}`);
  }
}

export function checkOrder({ labels, variables }: LabelInput): void {
  const commands = commandsOf(plan(labels, variables));
  for (let index = 1; index < commands.length; index++) {
    const before = commands[index - 1];
    const after = commands[index];
    if (before === undefined || after === undefined) continue;
    const order = LABEL_KEYS.indexOf(before.label) - LABEL_KEYS.indexOf(after.label);
    if (order > 0 || (order === 0 && before.partIndex >= after.partIndex)) {
      fail(`${before.label} part ${before.partIndex} comes before ${after.label} part ${after.partIndex}`);
    }
  }
  for (const command of commands) {
    const written = (labels[command.label] ?? "").split(";")[command.partIndex];
    if (written === undefined || trimBlanks(written) !== command.partText) {
      const where = `${command.label} part ${command.partIndex}`;
      fail(`${where}: partText ${JSON.stringify(command.partText)} is not what was written`);
    }
  }
}

export function checkDeterminism({ labels, variables }: LabelInput): void {
  const first = JSON.stringify(normalise(plan(labels, variables)));
  const second = JSON.stringify(normalise(plan(labels, variables)));
  if (first !== second) fail(`two calls differ:\n${first}\n${second}`);
  // The key order of the label map must not matter either (beyond the order of warnings).
  const reversed = labelsFrom(Object.entries(labels).reverse());
  const third = JSON.stringify(normalise(plan(reversed, variables)));
  if (first !== third) fail(`reversing the label order changes the plan:\n${first}\n${third}`);
}

// ---------------------------------------------------------------------------------------------
// A positive oracle: labels built from allowlisted verbs and plain words are accepted exactly.

interface WordSpec {
  literal: string;
  ref: number;
  braces: boolean;
  suffix: string;
}

interface PartSpec {
  family: "" | "-4" | "-6";
  verbIndex: number;
  words: WordSpec[];
  blanks: string[];
  before: string;
  after: string;
}

export interface AcceptanceInput {
  variables: Readonly<Record<string, string>>;
  labels: readonly (readonly [LabelKey, readonly PartSpec[], readonly string[]])[];
}

const wordSpec = fc.record({
  literal: safeWord,
  ref: fc.integer({ min: -3, max: 7 }),
  braces: fc.boolean(),
  suffix: fc.oneof(fc.constant(""), safeWord),
});

const partSpec = fc.record({
  family: fc.constantFrom<"" | "-4" | "-6">("", "", "-4", "-6"),
  verbIndex: fc.nat(),
  words: fc.array(wordSpec, { maxLength: 8 }),
  blanks: fc.array(blank, { minLength: 10, maxLength: 10 }),
  before: fc.constantFrom("", " ", "\t "),
  after: fc.constantFrom("", " ", " \t"),
});

export const acceptanceInput: fc.Arbitrary<AcceptanceInput> = fc.record({
  variables: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...ALLOWED_POOL), safeWord), { selector: ([name]) => name, maxLength: 4 })
    .map((entries) => Object.fromEntries(entries)),
  labels: fc.uniqueArray(
    fc.tuple(
      knownKey,
      fc.array(partSpec, { minLength: 1, maxLength: 5 }),
      fc.array(fc.constantFrom("", " ", "\t"), { minLength: 5, maxLength: 5 }),
    ),
    { selector: ([key]) => key, minLength: 1, maxLength: 4 },
  ),
});

export function checkAcceptance(input: AcceptanceInput): void {
  const names = Object.keys(input.variables);
  const labels: Record<string, string> = {};
  const expected: PlannedCommand[] = [];
  for (const key of LABEL_KEYS) {
    const entry = input.labels.find(([label]) => label === key);
    if (entry === undefined) continue;
    const [, parts, empties] = entry;
    const spec = EXPECTED_SPECS[key];
    const written: string[] = [];
    const commands: PlannedCommand[] = [];
    parts.forEach((part, partNumber) => {
      // Empty parts in between still count for partIndex.
      const empty = empties[partNumber];
      if (empty !== undefined && partNumber % 2 === 1) written.push(empty);
      const verb = spec.verbs[part.verbIndex % spec.verbs.length] ?? "add";
      const textWords: string[] = [verb];
      const argWords: string[] = [verb];
      for (const word of part.words) {
        const name = names[word.ref];
        const value = name === undefined ? undefined : input.variables[name];
        let text = word.literal;
        let arg = word.literal;
        if (name !== undefined && value !== undefined) {
          text = word.braces ? `\${${name}}${word.suffix}` : `$${name}`;
          arg = word.braces ? value + word.suffix : value;
        }
        if (arg === "netns") [text, arg] = ["x", "x"];
        textWords.push(text);
        argWords.push(arg);
      }
      let text = part.family === "" ? "" : part.family + (part.blanks[9] ?? " ");
      textWords.forEach((word, index) => {
        text += (index === 0 ? "" : (part.blanks[index % 9] ?? " ")) + word;
      });
      commands.push({
        label: key,
        partIndex: written.length,
        partText: text,
        target: spec.target,
        argv: [...(part.family === "" ? [] : [part.family]), spec.object, ...argWords],
      });
      written.push(part.before + text + part.after);
    });
    labels[key] = written.join(";");
    expected.push(...commands);
  }
  const variables: LabelVariables = { allowed: names, values: input.variables };
  const result = plan(labels, variables);
  if (!result.ok) fail(`well-formed labels refused: ${result.errors.map((error) => error.message).join("; ")}`);
  const got = JSON.stringify(result.plan.commands);
  const want = JSON.stringify(expected);
  if (got !== want) fail(`plan differs for ${JSON.stringify(labels)}:\n got ${got}\nwant ${want}`);
  if (result.plan.warnings.length > 0) fail("warnings for known labels");
}

// ---------------------------------------------------------------------------------------------
// The property list shared by the unit test and the long-run script.

export interface RunOptions {
  numRuns: number;
  /** With `path`, replays a counterexample that fast-check reported. */
  seed?: number;
  path?: string;
}

export interface LabelProperty {
  name: string;
  /** Runs per `npm test`; the long-run script ignores it. */
  unitRuns: number;
  /** fc.assert: throws fast-check's report (seed, path, shrunk counterexample) on failure. */
  assert(options: RunOptions): void;
  /** fc.check: counts of runs, and fast-check's report instead of a throw on failure. */
  check(options: RunOptions): CheckOutcome;
}

export interface CheckOutcome {
  numRuns: number;
  numSkips: number;
  /** Seed, replay path, shrunk counterexample and error: set only on failure. */
  failure: string | undefined;
}

function labelProperty<Ts extends [unknown]>(name: string, unitRuns: number, property: fc.IProperty<Ts>): LabelProperty {
  return {
    name,
    unitRuns,
    assert: (options) => fc.assert(property, options),
    check: (options) => {
      const details = fc.check(property, options);
      const failure = details.failed ? fc.defaultReportMessage(details) : undefined;
      return { numRuns: details.numRuns, numSkips: details.numSkips, failure };
    },
  };
}

export function labelProperties(): LabelProperty[] {
  const onLabels = (check: (input: LabelInput) => void) => fc.property(labelInput, check);
  return [
    labelProperty("1. never throws; well-formed result, errors and warnings", 600, onLabels(checkShape)),
    labelProperty("2. bounded time per call", 150, fc.property(longLabelInput, checkBoundedTime)),
    labelProperty("3. object word, allowlisted verb, host target only for host-route", 600, onLabels(checkVerbsAndTargets)),
    labelProperty("4. argv elements are plain ip words; limits hold", 600, onLabels(checkPlainArguments)),
    labelProperty("5. values of variables that are not allowed never leak", 600, onLabels(checkSecretsStayHidden)),
    labelProperty("6. address → route → rule → host-route, parts in order", 600, onLabels(checkOrder)),
    labelProperty("7. deterministic and independent of key order", 400, onLabels(checkDeterminism)),
    labelProperty("8. well-formed labels are accepted exactly", 400, fc.property(acceptanceInput, checkAcceptance)),
  ];
}
