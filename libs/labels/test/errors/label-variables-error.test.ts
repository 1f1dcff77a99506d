import { describe, expect, it } from "vitest";
import { LabelVariablesError } from "../../src/errors/label-variables-error.js";

describe("LabelVariablesError", () => {
  it.each([
    ["1BAD", '"1BAD"'],
    ["A\u0000", '"A\\u{0}"'],
  ])("names the entry %j", (entry, quoted) => {
    const error = new LabelVariablesError(entry);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "LabelVariablesError", entry });
    expect(error.message).toContain(`DEHANDLER_LABEL_VARS entry ${quoted} is not a variable name`);
  });
});
