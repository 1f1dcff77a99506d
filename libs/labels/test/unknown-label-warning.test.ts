import { describe, expect, it } from "vitest";
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
    ["docker-events.link", "known labels are docker-events.address, docker-events.route, docker-events.rule, docker-events.host-route"],
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

  it.each([["docker-events.route"], ["docker-events.host-route"], ["com.docker.compose.project"], ["Docker-Events.route"]])(
    "stays quiet for %j",
    (key) => {
      expect(unknownLabelWarnings([key])).toEqual([]);
    },
  );
});
