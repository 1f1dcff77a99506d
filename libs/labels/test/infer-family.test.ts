import { describe, expect, it } from "vitest";
import { inferFamily } from "../src/infer-family.js";

describe("inferFamily", () => {
  it.each<[string, "-6" | undefined]>([
    ["add fd00::1/64 dev eth0", "-6"],
    ["add ::/0 via fe80::1", "-6"],
    ["add default via fe80::1%eth0", "-6"],
    ["add from fd00::/8 table 100", "-6"],
    ["add ::ffff:10.0.0.1/128 dev eth0", "-6"],
    ["del ::", "-6"],
    ["add 1:2:3:4:5:6:7:8 dev eth0", "-6"],
    ["add 10.0.0.0/8 via 1.2.3.4", undefined],
    ["add default dev eth0", undefined],
    ["flush table 100", undefined],
    ["set eth0 address 02:42:ac:11:00:02", undefined],
    ["add 10.0.0.1:80", undefined],
    ["add 1:2 dev eth0", undefined],
    ["add default via @wan.gateway6", undefined],
    ["add fe80::1%", undefined],
    ["", undefined],
  ])("%j → %s", (text, family) => {
    expect(inferFamily(text === "" ? [] : text.split(" "))).toBe(family);
  });
});
