import { describe, expect, it } from "vitest";
import { describeCommand } from "../src/describe-command.js";
import type { PlannedCommand } from "../src/plan-types.js";

describe("describeCommand", () => {
  it.each<[PlannedCommand["argv"], string]>([
    [["route", "add", "default", "via", "1.2.3.4"], "ip route add default via 1.2.3.4"],
    [["-6", "address", "flush", "dev", "eth0"], "ip -6 address flush dev eth0"],
  ])("%j", (argv, line) => {
    const command: PlannedCommand = { label: "docker-events.route", partIndex: 0, partText: "", target: "container", argv };
    expect(describeCommand(command)).toBe(line);
  });
});
