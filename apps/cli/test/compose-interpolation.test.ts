import { describe, expect, it } from "vitest";
import { COMPOSE_PLACEHOLDER, interpolateCompose, partIndexAt } from "../src/compose/compose-interpolation.js";

const P = COMPOSE_PLACEHOLDER;

describe("interpolateCompose", () => {
  it.each([
    ["plain text", "add 10.0.0.0/8 via 192.0.2.1", "add 10.0.0.0/8 via 192.0.2.1", []],
    ["$$ is a literal $ for dehandler", "add $$VPN_IP/16", "add $VPN_IP/16", []],
    ["$${NAME} reaches dehandler braced", "add $${VPN_IP}/16", "add ${VPN_IP}/16", []],
    ["$NAME is compose's", "add $VPN_IP/16", `add ${P}/16`, ["$VPN_IP"]],
    ["${NAME} is compose's", "add ${VPN_IP}/16", `add ${P}/16`, ["${VPN_IP}"]],
    ["${NAME:-default} lints with its default", "add ${NET:-10.9.0.0/16} dev eth0", "add 10.9.0.0/16 dev eth0", ["${NET:-10.9.0.0/16}"]],
    ["${NAME-default} too", "add ${NET-10.9.0.0/16}", "add 10.9.0.0/16", ["${NET-10.9.0.0/16}"]],
    ["${NAME:?message} stands for a value", "add ${NET:?set NET}", `add ${P}`, ["${NET:?set NET}"]],
    ["$$$NAME: a literal $ then compose's variable", "x $$$A", `x $${P}`, ["$A"]],
  ] as const)("%s", (_title, written, text, references) => {
    const result = interpolateCompose(written);
    expect(result.invalid).toBeUndefined();
    expect(result.text).toBe(text);
    expect(result.references.map((reference) => reference.written)).toEqual(references);
  });

  it.each([
    ["$( is refused by compose", "add default via $(reboot)", "$("],
    ["a lone $ at the end", "add 10.0.0.0/8 $", "$"],
    ["an unclosed ${", "add ${VPN_IP/16", "${VPN_IP/16"],
    ["a bad braced name", "add ${1X}", "${1X}"],
  ] as const)("%s", (_title, written, token) => {
    expect(interpolateCompose(written).invalid?.written).toBe(token);
  });

  it.each([
    ["a;b;c", 0, 0],
    ["a;b;c", 2, 1],
    ["a;;c", 3, 2],
  ] as const)("partIndexAt(%j, %i) = %i", (value, offset, part) => {
    expect(partIndexAt(value, offset)).toBe(part);
  });
});
