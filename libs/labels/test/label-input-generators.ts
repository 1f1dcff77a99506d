// fast-check generators of whole inputs for the properties in label-properties.ts: labels with
// variables whose secrets must never show up, long and pathological values for the timing property,
// and the networks a container could have for resolvePlan.
import fc from "fast-check";
import { LABEL_LIMITS } from "../src/limits.js";
import type { LabelVariables } from "../src/plan-types.js";
import type { ContainerNetwork } from "../src/references/container-network.js";
import { mostlyValidLabels } from "./label-syntax-generators.js";
import { ALLOWED_POOL, hostileLabels, hostileText, knownKey, labelsFrom, labelValue, safeWord, SECRET_POOL } from "./label-text-generators.js";

// ---------------------------------------------------------------------------------------------
// Long and pathological values, far past the limits.

const LONG_UNITS = [
  "$",
  "${",
  ";",
  " ",
  "\t",
  "$$",
  "a",
  "-",
  "$X",
  "${X}",
  "add 1.2.3.4 ",
  "add 1.2.3.4;",
  "\n",
  "\0",
  "`",
  "a ",
  "a;",
  "-batch ",
  "${X",
  "\u00a0",
  "\ud83d\ude00",
  "\ud800",
  "\u00e9",
  "$(",
  ";add ",
  "add $X",
  "add ${X}/8;",
  "${VPN_IP}",
  "$VPN_IP$VPN_IP",
  "$$$",
  " ;",
  "add ",
  "-4 ",
  "\\",
  "@",
  "@wan",
  "@a.",
  "a,",
  "wan,",
  "net.",
  "=",
  "net.ipv4.ip_forward=1;",
  "set eth0 up;",
  "add @wan.ip6 dev @wan;",
];

/** A run of one unit, or of a hostile chunk, up to 2 × maxLabelLength characters. */
const longRun = fc
  .tuple(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...LONG_UNITS) }, { weight: 1, arbitrary: hostileText }),
    fc.integer({ min: 1, max: 2 * LABEL_LIMITS.maxLabelLength }),
    fc.constantFrom("", "", "add 10.0.0.1 ", "add ", "; ", "$", "net.", "set "),
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
    ["a,", LABEL_LIMITS.maxLabelLength / 2],
    ["a ", LABEL_LIMITS.maxLabelLength / 2],
    ["$X", LABEL_LIMITS.maxLabelLength / 2],
    ["$$", LABEL_LIMITS.maxLabelLength / 2],
    ["@a", LABEL_LIMITS.maxLabelLength / 2],
    ["${X}", LABEL_LIMITS.maxLabelLength / 4],
    ["$VPN_IP", Math.floor(LABEL_LIMITS.maxLabelLength / 7)],
    ["${", LABEL_LIMITS.maxLabelLength / 2],
    ["${" + "a".repeat(1000) + ";", 16],
    ["add " + "$X".repeat(510) + ";", 15],
    ["add " + "a ".repeat(510) + ";", 15],
    ["add " + "@a".repeat(510) + ";", 15],
    ["add " + "x".repeat(1019) + ";", 16],
    ["net." + "a.".repeat(500) + "x=1;", 16],
    ["add 1.2.3.4;", 256],
    ["add 1.2.3.4;", 257],
    ["-", 100_000],
  )
  .map(([unit, count]) => unit.repeat(count));

// ---------------------------------------------------------------------------------------------
// Variables, with secrets that must never show up.

const plainValue = fc.oneof(fc.constantFrom("10.0.8.0", "172.20.20.1", "eth0", "fd00::1", "default", "100", "1.2.3.4/8", "@wan", "wan"), safeWord);

/** A value an operator might allow, or hostile text in an allowed variable. */
const variableValue = fc.oneof(
  { weight: 9, arbitrary: plainValue },
  { weight: 2, arbitrary: hostileText.map((text) => text.slice(0, 45)) },
  { weight: 1, arbitrary: fc.constantFrom("", "   ", "1.2.3.4;reboot", "x -batch", "x netns y", "-force", "$(id)", "@", "1=2") },
  { weight: 1, arbitrary: fc.constantFrom("add 1.2.3.4 dev eth0", "eth0\n", "1.2.3.4 ", "\t1.2.3.4", "$OTHER") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);

const hexToken = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 12, maxLength: 12 });

/** What must never show up: the value (or the start of it) of a variable that is set but not allowed. */
const SECRET_TAILS = ["", " -batch /etc/passwd", ";reboot", "$(id)", " ; add 6.6.6.6/32 dev eth0", "\nadd 1.1.1.1", " netns evil", "=1", ",wan"];

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
// The networks a container could be attached to, for resolvePlan.

const ipv4Address = fc.constantFrom(
  { address: "172.18.0.5", prefixLength: 16, gateway: "172.18.0.1" },
  { address: "10.1.2.3", prefixLength: 24, gateway: undefined },
  { address: "192.168.7.9", prefixLength: 32, gateway: "192.168.7.1" },
);
const ipv6Address = fc.constantFrom(
  { address: "fd00:1::5", prefixLength: 64, gateway: "fd00:1::1" },
  { address: "2001:db8:0:1::9", prefixLength: 48, gateway: undefined },
);

/** Attached networks named from NETWORK_NAMES (never "vpn"), some with a compose alias. */
export const networkList: fc.Arbitrary<ContainerNetwork[]> = fc
  .subarray(["wan", "lan", "my", "my.net", "9net"], { minLength: 0 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.record({
          name: fc.constant(name),
          aliases: fc.constant<readonly string[]>([]),
          interface: fc.option(fc.constantFrom("eth0", "eth1", "eth0.100", "wg-x"), { nil: undefined, freq: 8 }),
          mac: fc.option(fc.constant("02:42:ac:12:00:05"), { nil: undefined, freq: 8 }),
          ipv4: fc.option(ipv4Address, { nil: undefined, freq: 8 }),
          ipv6: fc.option(ipv6Address, { nil: undefined, freq: 2 }),
        }),
      ),
    ),
  )
  .map((networks) =>
    // Compose names the engine network `<project>_<name>`; labels may use either.
    networks.map((network) => (network.name === "wan" ? { ...network, name: "proj_wan", aliases: ["wan"] } : network)),
  );
