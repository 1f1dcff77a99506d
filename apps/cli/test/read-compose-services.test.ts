import { describe, expect, it } from "vitest";
import { readComposeServices } from "../src/compose/read-compose-services.js";

describe("readComposeServices", () => {
  it.each([
    [
      "labels as a map",
      "services:\n  a:\n    labels:\n      docker-events.route: add default via 192.0.2.1\n",
      { a: { "docker-events.route": "add default via 192.0.2.1" } },
    ],
    [
      "labels as a list of key=value",
      'services:\n  a:\n    labels:\n      - "docker-events.route=add x=y"\n      - bare\n',
      { a: { "docker-events.route": "add x=y", bare: "" } },
    ],
    [
      "scalars become strings, null is empty",
      "services:\n  a:\n    labels:\n      n: 5\n      b: true\n      e:\n",
      { a: { n: "5", b: "true", e: "" } },
    ],
    ["a service without labels", "services:\n  a:\n    image: x\n", { a: {} }],
    [
      "merge keys from an anchor",
      "x-l: &l\n  docker-events.rule: add from 192.0.2.9 table 5\nservices:\n  a:\n    labels:\n      <<: *l\n",
      { a: { "docker-events.rule": "add from 192.0.2.9 table 5" } },
    ],
    ["deploy.labels are not container labels", "services:\n  a:\n    deploy:\n      labels:\n        docker-events.route: junk\n", { a: {} }],
    ["an empty file", "", {}],
  ] as const)("%s", (_title, text, expected) => {
    const read = readComposeServices(text);
    if (!read.ok) throw new Error(read.problem);
    expect(Object.fromEntries(read.services.map((service) => [service.name, service.labels]))).toEqual(expected);
  });

  it.each([
    ["broken YAML", "services: [\n", /not valid YAML/],
    ["services as a list", "services:\n  - a\n", /services.*mapping/],
    ["a label list entry that is not a string", "services:\n  a:\n    labels:\n      - {k: v}\n", /service a: expected labels as "key=value"/],
  ] as const)("refuses %s in one line", (_title, text, problem) => {
    const read = readComposeServices(text);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problem).toMatch(problem);
      expect(read.problem).not.toContain("\n");
    }
  });
});
