import { describe, expect, it } from "vitest";
import { parseBasicAuth } from "../src/basic-auth.js";
import { deadLetterJobName, formatDeadLetterData, startJobName } from "../src/job-formatters.js";

describe("dead-letter formatting", () => {
  const entry = {
    jobId: "start-x",
    reason: "r",
    container: { id: "abc", name: "web" },
    argv: ["ip", "route", "add"],
    stderr: "Error: boom",
    label: "docker-events.route",
    partIndex: 0,
  };

  it("puts what failed first and spells the command as one line", () => {
    const formatted = formatDeadLetterData(entry);
    expect(Object.keys(formatted).slice(0, 5)).toEqual(["container", "label", "command", "stderr", "reason"]);
    expect(formatted.command).toBe("ip route add");
  });

  it("names the job by container, label and part", () => {
    expect(deadLetterJobName({ data: entry })).toBe("web: docker-events.route part 0");
  });
});

describe("queue job names", () => {
  it.each([
    [{ containerName: "web", source: "event" }, "start web (event)"],
    [{ kind: "start", containerName: "web", source: "sweep" }, "start web (sweep)"],
    [{ kind: "stop", containerName: "web", ending: "die", source: "event" }, "stop web (die)"],
    [{ kind: "connect", containerName: "web", network: "proj_wan", source: "event" }, "connect web to proj_wan (event)"],
  ])("%j → %s", (data, name) => {
    expect(startJobName({ data })).toBe(name);
  });
});

describe("parseBasicAuth", () => {
  it.each([
    [`Basic ${Buffer.from("ops:pa:ss").toString("base64")}`, { user: "ops", password: "pa:ss" }],
    ["Bearer abc", undefined],
    [undefined, undefined],
    [`Basic ${Buffer.from("nocolon").toString("base64")}`, undefined],
  ])("%s", (header, expected) => {
    expect(parseBasicAuth(header)).toEqual(expected);
  });
});
