// Checks of planFromLabels on random and hostile labels (properties 1 to 7): each throws with a
// description on failure. What is expected is restated in label-expectations.ts.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { LABEL_LIMITS } from "../src/limits.js";
import type { PlannedCommand, PlanResult } from "../src/plan-types.js";
import {
  checkError,
  checkPrintable,
  checkSysctlPath,
  commandsOf,
  fail,
  familyAndRest,
  fastestOf3,
  isControl,
  isLabelKey,
  normalise,
  plan,
  trimBlanks,
  writtenParts,
} from "./label-check-helpers.js";
import {
  ARGUMENT_CHARSET,
  EXPECTED_ORDER,
  EXPECTED_SPECS,
  FIRST_REPLY_TABLE,
  hasBadReference,
  isClearlyIpv6,
  KNOWN_CODES,
  LINK_SETTINGS,
  MAX_CALL_MS,
  MAX_REPLY_NETWORKS,
  MAX_SYSCTL_VALUE,
  replyViaArgvs,
  SHELL_OR_QUOTING,
  SYSCTL_KEY_CHARSET,
  SYSCTL_VALUE_CHARSET,
} from "./label-expectations.js";
import { labelsFrom } from "./label-text-generators.js";
import type { LabelInput } from "./label-input-generators.js";

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
      checkError(error, labels);
      if (KNOWN_CODES[error.code] !== "plan") fail(`planFromLabels gave ${error.code}, which needs the container's networks`);
      if (error.partIndex !== undefined) {
        const written = writtenParts(error.label, labels[error.label] ?? "")[error.partIndex];
        if (written === undefined || written !== error.partText) {
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

export function checkKindsAndTargets({ labels, variables }: LabelInput): void {
  for (const command of commandsOf(plan(labels, variables))) {
    const spec = EXPECTED_SPECS[command.label];
    const where = `${command.label} ${JSON.stringify(command.argv)}`;
    if (!Object.hasOwn(labels, command.label)) fail(`command for ${command.label}, which is not in the input`);
    if (command.target !== spec.target) fail(`${where}: runs on the ${command.target}`);
    if (spec.syntax === "sysctl") {
      if (command.action !== "sysctl" || command.argv.length !== 2) fail(`${where}: not a sysctl [key, value]`);
      if (command.undoArgv !== undefined || command.optional !== undefined) fail(`${where}: sysctl with undo or optional`);
      continue;
    }
    if (command.action !== "ip") fail(`${where}: action ${command.action}`);
    if (spec.syntax === "reply-via") {
      const table = Number(command.argv.at(-1));
      const preset = replyViaArgvs(command.partText, table);
      if (!(table >= FIRST_REPLY_TABLE) || !preset.some((argv) => isDeepStrictEqual(argv, command.argv))) {
        fail(`${where}: not one of the reply-via commands for ${JSON.stringify(command.partText)}`);
      }
      if (command.optional !== true || !command.hasReferences || command.undoArgv !== undefined) {
        fail(`${where}: reply-via commands are optional, with references, never undone`);
      }
      continue;
    }
    if (command.optional !== undefined) fail(`${where}: only presets are optional`);
    const { family, rest } = familyAndRest(command.argv);
    if (rest[0] !== spec.object) fail(`${where}: is not "ip ${spec.object}"`);
    const verb = rest[1];
    if (verb === undefined || !spec.verbs.includes(verb)) fail(`${where}: verb ${JSON.stringify(verb)} is not in the allowlist`);
    // The undo states its family: the part's, else IPv4 (a part with references waits for them).
    const undoFamily = family ?? (command.hasReferences ? undefined : "-4");
    const undo = spec.undoneOnStop.includes(verb)
      ? [...(undoFamily === undefined ? [] : [undoFamily]), spec.object, "del", ...rest.slice(2)]
      : undefined;
    if (!isDeepStrictEqual(command.undoArgv, undo)) fail(`${where}: undoArgv ${JSON.stringify(command.undoArgv)}, expected ${JSON.stringify(undo)}`);
    if (spec.object === "link") checkLinkArguments(where, rest.slice(2));
  }
}

/** After `set`: [dev] <device>, then at least one setting with its value. */
function checkLinkArguments(where: string, words: readonly string[]): void {
  let index = words[0] === "dev" ? 2 : 1;
  if (words[index - 1] === undefined || index >= words.length) fail(`${where}: no device or no setting`);
  while (index < words.length) {
    const setting = words[index] ?? "";
    const takes = Object.hasOwn(LINK_SETTINGS, setting) ? LINK_SETTINGS[setting] : undefined;
    if (takes === undefined) fail(`${where}: setting ${JSON.stringify(setting)} is not allowed`);
    const value = words[index + 1];
    if (takes !== "none" && value === undefined) fail(`${where}: setting ${setting} has no value`);
    if (takes === "on-off" && value !== "on" && value !== "off") fail(`${where}: ${setting} ${JSON.stringify(value)}`);
    index += takes === "none" ? 1 : 2;
  }
}

function checkIpArguments(command: PlannedCommand, argv: readonly string[]): void {
  const { family, rest } = familyAndRest(argv);
  // argv is [family?, object, verb, ...]; the limit counts what was written: [family?, verb, ...].
  if (rest.length - 1 > LABEL_LIMITS.maxArguments) fail(`argv has ${argv.length} elements`);
  if (family !== undefined && rest.includes(family)) fail(`family given twice: ${JSON.stringify(argv)}`);
  for (const arg of rest) {
    const what = `${command.label} argument ${JSON.stringify(arg)} of ${JSON.stringify(argv)}`;
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
    if (hasBadReference(arg)) fail(`${what} has an "@" that starts no network name`);
    if (family === undefined && isClearlyIpv6(arg)) fail(`${what} is IPv6 but the command has no -6`);
  }
  if (command.hasReferences !== rest.some((arg) => arg.includes("@")))
    fail(`${command.label} ${JSON.stringify(argv)}: hasReferences is ${command.hasReferences}`);
}

function checkSysctlArguments(command: PlannedCommand): void {
  const [key = "", value = ""] = command.argv;
  const what = `${command.label} ${JSON.stringify(command.argv)}`;
  if (value === "" || value.length > MAX_SYSCTL_VALUE || !SYSCTL_VALUE_CHARSET.test(value)) fail(`${what}: value outside the charset or limit`);
  if (trimBlanks(value) !== value) fail(`${what}: value not trimmed`);
  if (!SYSCTL_KEY_CHARSET.test(key)) fail(`${what}: key outside the charset`);
  if (command.hasReferences !== key.includes("@")) fail(`${what}: hasReferences is ${command.hasReferences}`);
  if (command.hasReferences) {
    if (!/^net[./]/.test(key) || hasBadReference(key)) fail(`${what}: key not under net. or with a bad reference`);
  } else {
    checkSysctlPath(what, key);
  }
}

export function checkPlainArguments({ labels, variables }: LabelInput): void {
  const perLabel = new Map<string, number>();
  for (const command of commandsOf(plan(labels, variables))) {
    perLabel.set(command.label, (perLabel.get(command.label) ?? 0) + 1);
    if (command.partText.length > LABEL_LIMITS.maxPartLength) fail(`part of ${command.partText.length} characters`);
    if ((labels[command.label] ?? "").length > LABEL_LIMITS.maxLabelLength) fail(`${command.label} over the length limit`);
    if (command.action === "sysctl") {
      checkSysctlArguments(command);
      continue;
    }
    checkIpArguments(command, command.argv);
    if (command.undoArgv !== undefined) checkIpArguments(command, command.undoArgv);
  }
  for (const [label, count] of perLabel) {
    const limit = label === "docker-events.reply-via" ? 6 * MAX_REPLY_NETWORKS : LABEL_LIMITS.maxParts;
    if (count > limit) fail(`${label} has ${count} commands`);
  }
}

export function checkSecretsStayHidden({ labels, variables, secrets }: LabelInput): void {
  // The label (or an allowed value) could contain the token by chance; then seeing it proves nothing.
  const allowedValues = variables.allowed.map((name) => (Object.hasOwn(variables.values, name) ? variables.values[name] : ""));
  const written = [...Object.keys(labels), ...Object.values(labels), ...allowedValues.map((value) => value ?? "")];
  fc.pre(secrets.every(({ marker }) => written.every((text) => !text.includes(marker))));
  const result = plan(labels, variables);
  const seen = [
    ...commandsOf(result).flatMap((command) => [command.argv.join(" "), command.undoArgv?.join(" ") ?? ""]),
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
    const order = EXPECTED_ORDER.indexOf(before.label) - EXPECTED_ORDER.indexOf(after.label);
    // A reply-via network plans six commands from one entry.
    const samePart = before.label === "docker-events.reply-via" && before.partText === after.partText;
    if (order > 0 || (order === 0 && !samePart && before.partIndex >= after.partIndex)) {
      fail(`${before.label} part ${before.partIndex} comes before ${after.label} part ${after.partIndex}`);
    }
  }
  for (const command of commands) {
    const parts = writtenParts(command.label, labels[command.label] ?? "");
    const where = `${command.label} part ${command.partIndex}`;
    if (command.label === "docker-events.reply-via") {
      // The network name, as written with or without "@". Its exact index is pinned by a unit test
      // (plan-reply-via.test.ts), since reply-via counts empty entries differently for commands.
      if (!parts.includes(command.partText) && !parts.includes(`@${command.partText}`))
        fail(`${where}: network ${JSON.stringify(command.partText)} is not written`);
      const count = commands.filter((other) => other.label === command.label && other.partText === command.partText).length;
      if (count !== 6) fail(`${where}: ${count} commands for network ${command.partText}`);
    } else if (parts[command.partIndex] !== command.partText) {
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
