import { describe, expect, it } from "vitest";
import { checkLinkSet } from "../src/check-link-set.js";

const words = (text: string): string[] => text.split(" ");

describe("checkLinkSet accepts", () => {
  it.each([
    "set eth0 up",
    "set dev eth0 down",
    "set @wan mtu 1400",
    "set dev @wan mtu 9000 up",
    "set eth0 txqueuelen 1000",
    "set eth0 txqlen 500",
    "set eth0 address 02:42:ac:11:00:02",
    "set eth0 broadcast ff:ff:ff:ff:ff:ff",
    "set eth0 alias uplink",
    "set eth0 arp off",
    "set eth0 multicast on",
    "set eth0 allmulticast off",
    "set eth0 promisc on",
    "set eth0.100 mtu 1500 arp on multicast off allmulticast on promisc off txqlen 10 up",
    // The device may be any word; only what follows it is checked.
    "set mtu mtu 1400",
  ])("%j", (text) => {
    expect(checkLinkSet(words(text))).toBeUndefined();
  });
});

describe("checkLinkSet refuses", () => {
  it.each([
    ["set", "no device named"],
    ["set dev", "no device named"],
    ["set eth0", "no setting after the device"],
    ["set dev eth0", "no setting after the device"],
    ["set eth0 name wan0", 'setting "name" is not supported'],
    ["set eth0 master br0", 'setting "master" is not supported'],
    ["set eth0 nomaster", 'setting "nomaster" is not supported'],
    ["set eth0 netns 1", 'setting "netns" is not supported'],
    ["set eth0 vf 0 mac 02:00:00:00:00:01", 'setting "vf" is not supported'],
    ["set eth0 xdp off", 'setting "xdp" is not supported'],
    ["set eth0 type vlan", 'setting "type" is not supported'],
    ["set eth0 group 1", 'setting "group" is not supported'],
    ["set eth0 UP", 'setting "UP" is not supported'],
    ["set eth0 up 1400", 'setting "1400" is not supported'],
    ["set eth0 mtu", 'setting "mtu" has no value'],
    ["set eth0 up mtu", 'setting "mtu" has no value'],
    ["set eth0 address", 'setting "address" has no value'],
    ["set eth0 arp", 'setting "arp" has no value'],
    ["set eth0 arp yes", 'setting "arp" takes on or off, got "yes"'],
    ["set eth0 promisc ON", 'setting "promisc" takes on or off, got "ON"'],
    ["set eth0 multicast 1", 'setting "multicast" takes on or off, got "1"'],
  ])("%j: %s", (text, problem) => {
    expect(checkLinkSet(words(text))).toEqual({
      code: "bad-link-setting",
      problem,
      expected:
        "set [dev] <device> followed by settings from: up, down, mtu, txqueuelen, txqlen, address, broadcast, alias, arp, multicast, allmulticast, promisc",
    });
  });

  it("quotes a setting it cannot print", () => {
    expect(checkLinkSet(["set", "eth0", "na\u200bme"])?.problem).toBe('setting "na\\u{200B}me" is not supported');
  });
});
