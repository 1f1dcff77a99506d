import { describe, expect, it } from "vitest";
import { LABEL_KEYS } from "../src/label-kinds.js";
import { unknownLabelWarnings } from "../src/unknown-label-warning.js";

describe("unknownLabelWarnings", () => {
  it.each([
    ["docker-events.routes", "did you mean docker-events.route?"],
    ["docker-events.Route", "did you mean docker-events.route?"],
    ["docker-events.addr", "did you mean docker-events.address?"],
    ["docker-events.adress", "did you mean docker-events.address?"],
    ["docker-events.rules", "did you mean docker-events.rule?"],
    ["docker-events.host_route", "did you mean docker-events.host-route?"],
    ["docker-events.hostroute", "did you mean docker-events.host-route?"],
    ["docker-events.links", "did you mean docker-events.link?"],
    ["docker-events.lnk", "did you mean docker-events.link?"],
    ["docker-events.sysctls", "did you mean docker-events.sysctl?"],
    ["docker-events.replyvia", "did you mean docker-events.reply-via?"],
    ["docker-events.reply_via", "did you mean docker-events.reply-via?"],
    ["docker-events.host_rule", "did you mean docker-events.host-rule?"],
    ["docker-events.host-rules", "did you mean docker-events.host-rule?"],
    [
      "docker-events.neighbour",
      "known labels are docker-events.sysctl, docker-events.link, docker-events.address, docker-events.route, " +
        "docker-events.rule, docker-events.reply-via, docker-events.host-route, docker-events.host-rule",
    ],
    ["docker-events.", "known labels are"],
    [`docker-events.${"x".repeat(10_000)}`, "known labels are"],
    ["docker-events.route\n", "did you mean docker-events.route?"],
  ])("%j → %j", (key, hint) => {
    const warnings = unknownLabelWarnings([key]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.label).toBe(key);
    expect(warnings[0]?.message).toContain(hint);
    expect(warnings[0]?.message).toMatch(/^unknown label "docker-events\./);
  });

  it("escapes control characters in the key", () => {
    expect(unknownLabelWarnings(["docker-events.route\n"])[0]?.message).toContain('"docker-events.route\\u{A}"');
  });

  it.each<[string]>([...LABEL_KEYS.map((key): [string] => [key]), ["com.docker.compose.project"], ["Docker-Events.route"]])(
    "stays quiet for %j",
    (key) => {
      expect(unknownLabelWarnings([key])).toEqual([]);
    },
  );
});
