import ipaddr from "ipaddr.js";
import type { LabelProblem } from "./errors/label-error.js";
import { quoteForMessage } from "./quote-for-message.js";

/** Keywords of ip route, rule and address that take a value: last in a part, the value is missing. */
export const VALUE_KEYWORDS: ReadonlySet<string> = new Set([
  "via",
  "dev",
  "table",
  "lookup",
  "from",
  "to",
  "src",
  "metric",
  "pref",
  "preference",
  "priority",
  "proto",
  "protocol",
  "scope",
  "mtu",
  "fwmark",
  "label",
  "peer",
  "iif",
  "oif",
  "realms",
]);

// A word written as an address of one family (digits and dots; hex digits, dots and a colon),
// with an optional /prefix: it must then be one.
const FAMILIES = [
  {
    name: "IPv4",
    shape: /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/,
    valid: (address: string) => ipaddr.IPv4.isValidFourPartDecimal(address),
    maxPrefix: 32,
    expected: "an IPv4 address a.b.c.d, each number 0 to 255, with an optional prefix /0 to /32",
  },
  {
    name: "IPv6",
    shape: /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(\/\d+)?$/,
    valid: (address: string) => ipaddr.IPv6.isValid(address),
    maxPrefix: 128,
    expected: "an IPv6 address such as fd00::1, with an optional prefix /0 to /128",
  },
] as const;

/**
 * What the kernel would refuse that the text alone tells: a keyword last with no value (`add
 * 10.0.0.0/8 via`), and a word written as an address or prefix that cannot be one (`999.1.1.1/33`,
 * `fd00::1/129`). Words naming a network (`@wan.gateway`) are ip's to judge once resolved.
 */
export function checkIpValues(words: readonly string[]): LabelProblem | undefined {
  const last = words.at(-1);
  if (last !== undefined && words.length > 1 && VALUE_KEYWORDS.has(last)) {
    return {
      code: "missing-value",
      problem: `${quoteForMessage(last)} is last, with no value`,
      expected: `a value after ${quoteForMessage(last)}${last === "via" ? " (the gateway's address)" : ""}`,
    };
  }
  for (const word of words) {
    const problem = addressProblem(word);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function addressProblem(word: string): LabelProblem | undefined {
  const family = FAMILIES.find(({ shape }) => shape.test(word));
  if (family === undefined) return undefined;
  const [address = "", prefix] = word.split("/");
  if (family.valid(address) && (prefix === undefined || Number(prefix) <= family.maxPrefix)) return undefined;
  return {
    code: "bad-address",
    problem: `${quoteForMessage(word)} is not an ${family.name} address${prefix === undefined ? "" : " with a prefix"}`,
    expected: family.expected,
  };
}
