import { describe, expect, it } from "vitest";
import { LabelError } from "../../src/errors/label-error.js";
import type { LabelErrorDetails } from "../../src/errors/label-error.js";

describe("LabelError", () => {
  it.each<[LabelErrorDetails, string]>([
    [
      {
        code: "unknown-verb",
        label: "docker-events.rule",
        partIndex: 4,
        partText: "show",
        problem: 'verb "show" is not supported',
        expected: "one of: add",
      },
      'docker-events.rule part 4 "show": verb "show" is not supported; expected one of: add',
    ],
    [
      { code: "too-many-parts", label: "docker-events.route", problem: "label has 300 non-empty parts", expected: "at most 256" },
      "docker-events.route: label has 300 non-empty parts; expected at most 256",
    ],
    [
      { code: "bad-character", label: "docker-events.route", partIndex: 0, partText: "a\nb", problem: "p", expected: "e" },
      'docker-events.route part 0 "a\\u{A}b": p; expected e',
    ],
  ])("carries data and a message naming where: %#", (details, message) => {
    const error = new LabelError(details);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "LabelError",
      message,
      code: details.code,
      label: details.label,
      partIndex: details.partIndex,
      partText: details.partText,
      expected: details.expected,
    });
  });
});
