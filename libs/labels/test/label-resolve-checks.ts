// resolvePlan over accepted plans and random networks (property 11): every command lands in exactly
// one list (or is dropped, if optional), nothing unresolved is left, and keys stay /proc/sys/net paths.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import type { PlannedCommand } from "../src/plan-types.js";
import type { ContainerNetwork } from "../src/references/container-network.js";
import { resolvePlan } from "../src/resolve-plan.js";
import type { ResolvedPlan } from "../src/resolve-plan.js";
import { checkError, checkSysctlPath, coverage, fail, familyAndRest, plan } from "./label-check-helpers.js";
import { isClearlyIpv6 } from "./label-expectations.js";
import { labelInput, networkList } from "./label-input-generators.js";
import type { LabelInput } from "./label-input-generators.js";

export interface ResolveInput {
  input: LabelInput;
  networks: ContainerNetwork[];
}

export const resolveInput: fc.Arbitrary<ResolveInput> = fc.record({ input: labelInput, networks: networkList });

function identity({ label, partIndex, partText, target, action, optional }: PlannedCommand): unknown {
  return { label, partIndex, partText, target, action, optional };
}

function checkResolvedCommand(command: PlannedCommand, resolved: PlannedCommand, networks: readonly ContainerNetwork[]): void {
  const where = `${command.label} ${JSON.stringify(command.argv)} → ${JSON.stringify(resolved.argv)}`;
  if (!command.hasReferences) {
    if (!isDeepStrictEqual(resolved, command)) fail(`${where}: changed without references`);
    return;
  }
  coverage.resolved++;
  const attached = networks.map((network) => network.name);
  if (resolved.hasReferences || resolved.networks === undefined || resolved.networks.length === 0) fail(`${where}: hasReferences or networks wrong`);
  if (!resolved.networks.every((name) => attached.includes(name))) fail(`${where}: networks ${JSON.stringify(resolved.networks)}`);
  if (!isDeepStrictEqual(identity(command), identity(resolved))) fail(`${where}: label, part, target, action or optional changed`);
  if ((command.undoArgv === undefined) !== (resolved.undoArgv === undefined)) fail(`${where}: undoArgv appeared or went`);
  if (resolved.action === "sysctl") {
    checkSysctlPath(where, resolved.argv[0] ?? "");
    if (resolved.argv[1] !== command.argv[1]) fail(`${where}: value changed`);
    return;
  }
  for (const argv of [resolved.argv, resolved.undoArgv ?? []]) {
    if (argv.some((arg) => arg.includes("@"))) fail(`${where}: a reference is left`);
    const { family, rest } = familyAndRest(argv);
    if (family === undefined && rest.some(isClearlyIpv6)) fail(`${where}: IPv6 without -6`);
    // The undo states its family: the command's own, or IPv4 where the command left it to ip.
    if (argv === resolved.undoArgv && family !== (familyAndRest(resolved.argv).family ?? "-4")) fail(`${where}: undo runs in another family`);
  }
}

export function checkResolve({ input, networks }: ResolveInput): void {
  const result = plan(input.labels, input.variables);
  if (!result.ok) return;
  const commands = result.plan.commands;
  let whole: ResolvedPlan;
  try {
    whole = resolvePlan(commands, networks);
  } catch (error) {
    fail(`resolvePlan threw: ${String(error)}`);
  }
  // Resolving one command at a time gives the same lists: each command is resolved on its own.
  const pieces: ResolvedPlan = { commands: [], unknown: [], errors: [] };
  for (const command of commands) {
    const one = resolvePlan([command], networks);
    const landed = one.commands.length + one.unknown.length + one.errors.length;
    if (landed > 1) fail(`${command.label} ${JSON.stringify(command.argv)} landed in ${landed} lists`);
    if (landed === 0 && command.optional !== true) fail(`${command.label} ${JSON.stringify(command.argv)} was dropped, but is not optional`);
    const resolved = one.commands[0];
    if (resolved !== undefined) checkResolvedCommand(command, resolved, networks);
    for (const use of one.unknown) {
      if (use.command !== command) fail("unknown use does not carry the command");
      // Were any candidate attached, the reference would have resolved to it.
      const attached = namesOfAll(networks);
      if (!use.candidates.includes(use.network)) fail(`unknown network ${JSON.stringify(use.network)} is not a candidate`);
      if (use.candidates.some((name) => name === "" || attached.includes(name))) fail(`unknown candidates ${JSON.stringify(use.candidates)}`);
      const lengths = use.candidates.map((name) => name.length);
      if (lengths.some((length, index) => index > 0 && length >= (lengths[index - 1] ?? 0))) fail(`candidates not longest first`);
    }
    for (const error of one.errors) {
      checkError(error, input.labels);
      // bad-reference: an interface named by a host part, or a misspelt attribute.
      if (error.code !== "missing-network-value" && error.code !== "bad-sysctl" && error.code !== "bad-reference")
        fail(`resolvePlan gave ${error.code}`);
      const { label, partIndex, partText } = error;
      if (label !== command.label || partIndex !== command.partIndex || partText !== command.partText) {
        fail(`error does not name the part: ${error.message}`);
      }
    }
    pieces.commands.push(...one.commands);
    pieces.unknown.push(...one.unknown);
    pieces.errors.push(...one.errors);
  }
  const summary = (resolved: ResolvedPlan) =>
    JSON.stringify([resolved.commands, resolved.unknown.map((use) => use.network), resolved.errors.map((error) => error.message)]);
  if (summary(whole) !== summary(pieces)) fail(`resolving all at once differs from one at a time:\n${summary(whole)}\n${summary(pieces)}`);
}

function namesOfAll(networks: readonly ContainerNetwork[]): string[] {
  return networks.flatMap((network) => [network.name, ...network.aliases]);
}
