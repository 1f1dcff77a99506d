// Oracles for the two label kinds that are not ip arguments (properties 9 and 10): sysctl parts and
// the reply-via network list, planned and (for sysctl keys with references) resolved exactly.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import type { ContainerNetwork } from "../src/references/container-network.js";
import { resolvePlan } from "../src/resolve-plan.js";
import { coverage, fail, plan } from "./label-check-helpers.js";
import { FIRST_REPLY_TABLE, MAX_REPLY_NETWORKS, replyViaArgvs } from "./label-expectations.js";
import { NETWORK_NAMES } from "./label-text-generators.js";

// ---------------------------------------------------------------------------------------------
// sysctl: `net.<key>=<value>` accepted exactly, anything outside net or with a "..", empty or "."
// part refused, at planning or (with references, whose interface is not known yet) when resolved.

interface SysctlSpec {
  root: string;
  separator: "." | "/";
  segments: string[];
  /** Where a `@<network>` part goes (modulo the part count), if any. */
  refAt: number | null;
  refName: string;
  mutation: "none" | ".." | "." | "";
  mutationAt: number;
  equals: string;
  value: string;
}

// Attribute names right after a reference would be read as the attribute, not as the next key part.
const ATTRIBUTE_NAMES = new Set(["ip", "prefix", "gateway", "subnet", "mac", "ip6", "prefix6", "gateway6", "subnet6"]);

export const sysctlInput: fc.Arbitrary<SysctlSpec[]> = fc.array(
  fc
    .record({
      root: fc.oneof(
        { weight: 9, arbitrary: fc.constant("net") },
        { weight: 1, arbitrary: fc.constantFrom("kernel", "vm", "fs", "Net", "netx", "dev") },
      ),
      separator: fc.constantFrom<"." | "/">(".", "/"),
      segments: fc.array(fc.stringMatching(/^[A-Za-z0-9_.-]{1,10}$/), { minLength: 1, maxLength: 5 }),
      refAt: fc.option(fc.nat(), { nil: null }),
      refName: fc.constantFrom(...NETWORK_NAMES),
      mutation: fc.constantFrom<SysctlSpec["mutation"]>("none", "none", "none", "none", "..", ".", ""),
      mutationAt: fc.nat(),
      equals: fc.constantFrom("=", " = ", "\t=\t", "= "),
      value: fc.stringMatching(/^[A-Za-z0-9_.:,/-]([A-Za-z0-9_.:,/ \t-]{0,20}[A-Za-z0-9_.:,/-])?$/),
    })
    .map((spec) => ({
      ...spec,
      // Dots only inside parts of the slash form; no part that reads as an attribute or as "." or "..".
      segments: spec.segments
        .map((segment) => (spec.separator === "." ? segment.replaceAll(".", "_") : segment))
        .map((segment) => (segment === "." || segment === ".." || ATTRIBUTE_NAMES.has(segment) ? "x" : segment)),
    })),
  { minLength: 1, maxLength: 3 },
);

/** The key's parts, as written and with the reference replaced by the interface `ifname`. */
function sysctlKeyParts(spec: SysctlSpec, ifname: string): { written: string[]; resolved: string[] } {
  const written = [...spec.segments];
  const resolved = [...spec.segments];
  if (spec.mutation !== "none") {
    const at = spec.mutationAt % (written.length + 1);
    written.splice(at, 0, spec.mutation);
    resolved.splice(at, 0, spec.mutation);
  }
  if (spec.refAt !== null) {
    const at = spec.refAt % (written.length + 1);
    written.splice(at, 0, `@${spec.refName}`);
    resolved.splice(at, 0, ifname);
  }
  return { written: [spec.root, ...written], resolved: [spec.root, ...resolved] };
}

export function checkSysctl(specs: readonly SysctlSpec[]): void {
  const ifname = "eth0.100";
  const parts = specs.map((spec) => ({ spec, ...sysctlKeyParts(spec, ifname) }));
  const texts = parts.map(({ spec, written }) => `${written.join(spec.separator)}${spec.equals}${spec.value}`);
  const labels = { "docker-events.sysctl": texts.join(";") };
  const result = plan(labels, { allowed: [], values: {} });
  const refused = parts.flatMap(({ spec }, index) => (spec.root !== "net" || (spec.mutation !== "none" && spec.refAt === null) ? [index] : []));
  if (!result.ok) {
    const got = result.errors.map((error) => [error.partIndex, error.code]);
    const want = refused.map((index) => [index, "bad-sysctl"]);
    if (!isDeepStrictEqual(got, want)) fail(`${JSON.stringify(texts)}: errors ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    return;
  }
  if (refused.length > 0) fail(`${JSON.stringify(texts)}: accepted, expected parts ${JSON.stringify(refused)} refused`);
  const expected = parts.map(({ spec, written }, index) => ({
    label: "docker-events.sysctl",
    partIndex: index,
    partText: texts[index],
    target: "container",
    action: "sysctl",
    argv: [spec.refAt === null ? written.join("/") : written.join(spec.separator), spec.value],
    hasReferences: spec.refAt !== null,
  }));
  if (!isDeepStrictEqual(result.plan.commands, expected)) {
    fail(`plan differs for ${JSON.stringify(texts)}:\n got ${JSON.stringify(result.plan.commands)}\nwant ${JSON.stringify(expected)}`);
  }
  // Resolved against networks that have every referenced name, each on interface "eth0.100".
  const networks = NETWORK_NAMES.map((name): ContainerNetwork => ({
    name,
    aliases: [],
    interface: ifname,
    mac: undefined,
    ipv4: undefined,
    ipv6: undefined,
  }));
  // Only the named network, so that "@my" followed by ".net…" cannot be read as "@my.net".
  parts.forEach(({ spec, resolved }, index) => {
    const command = result.plan.commands[index];
    if (command === undefined || spec.refAt === null) return;
    const outcome = resolvePlan(
      [command],
      networks.filter((network) => network.name === spec.refName),
    );
    const where = `${JSON.stringify(texts[index])} resolved`;
    if (spec.mutation !== "none") {
      if (outcome.errors.length !== 1 || outcome.errors[0]?.code !== "bad-sysctl" || outcome.commands.length > 0)
        fail(`${where}: expected a bad-sysctl error`);
      return;
    }
    coverage.resolved++;
    const argv = [resolved.join("/"), spec.value];
    if (
      !isDeepStrictEqual(
        outcome.commands.map((resolvedCommand) => resolvedCommand.argv),
        [argv],
      )
    ) {
      fail(`${where}: ${JSON.stringify(outcome)}, expected argv ${JSON.stringify(argv)}`);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// reply-via: six commands per listed network, tables from 1000 in written order, skipping the
// tables the container's route and rule labels name.

interface ReplyViaSpec {
  names: string[];
  at: boolean[];
  separators: string[];
  used: readonly (readonly ["docker-events.route" | "docker-events.rule", "table" | "lookup", number])[];
}

export const replyViaInput: fc.Arbitrary<ReplyViaSpec> = fc.record({
  names: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,11}$/), { minLength: 1, maxLength: MAX_REPLY_NETWORKS + 3 }),
  at: fc.array(fc.boolean(), { minLength: MAX_REPLY_NETWORKS + 3, maxLength: MAX_REPLY_NETWORKS + 3 }),
  separators: fc.array(fc.constantFrom(",", ";", " , ", ",\t"), { minLength: MAX_REPLY_NETWORKS + 3, maxLength: MAX_REPLY_NETWORKS + 3 }),
  used: fc.array(
    fc.tuple(
      fc.constantFrom<"docker-events.route" | "docker-events.rule">("docker-events.route", "docker-events.rule"),
      fc.constantFrom<"table" | "lookup">("table", "lookup"),
      fc.integer({ min: FIRST_REPLY_TABLE - 3, max: FIRST_REPLY_TABLE + 25 }),
    ),
    { maxLength: 8 },
  ),
});

export function checkReplyVia(spec: ReplyViaSpec): void {
  const value = spec.names
    .map((name, index) => `${spec.at[index] === true ? "@" : ""}${name}`)
    .reduce((text, entry, index) => (index === 0 ? entry : text + (spec.separators[index] ?? ",") + entry), "");
  const labels: Record<string, string> = { "docker-events.reply-via": value };
  for (const [key, word, table] of spec.used) {
    const part = key === "docker-events.route" ? `add default via 1.2.3.4 ${word} ${table}` : `add from 10.0.0.1 ${word} ${table}`;
    labels[key] = labels[key] === undefined ? part : `${labels[key]};${part}`;
  }
  const result = plan(labels, { allowed: [], values: {} });
  if (spec.names.length > MAX_REPLY_NETWORKS) {
    const got = result.ok ? [] : result.errors.map((error) => [error.label, error.partIndex, error.code]);
    const want = spec.names.slice(MAX_REPLY_NETWORKS).map((_, index) => ["docker-events.reply-via", MAX_REPLY_NETWORKS + index, "bad-network-list"]);
    if (!isDeepStrictEqual(got, want)) fail(`${JSON.stringify(value)}: errors ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    return;
  }
  if (!result.ok) fail(`${JSON.stringify(labels)} refused: ${result.errors.map((error) => error.message).join("; ")}`);
  const used = new Set(spec.used.map(([, , table]) => table));
  let table = FIRST_REPLY_TABLE;
  const expected = spec.names.flatMap((name, index) => {
    while (used.has(table)) table++;
    const argvs = replyViaArgvs(name, table++);
    return argvs.map((argv) => ({
      label: "docker-events.reply-via",
      partIndex: index,
      partText: name,
      target: "container",
      action: "ip",
      argv,
      hasReferences: true,
      optional: true,
    }));
  });
  const got = result.plan.commands.filter((command) => command.label === "docker-events.reply-via");
  if (!isDeepStrictEqual(got, expected))
    fail(`plan differs for ${JSON.stringify(labels)}:\n got ${JSON.stringify(got)}\nwant ${JSON.stringify(expected)}`);
}
