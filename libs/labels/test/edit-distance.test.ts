import { describe, expect, it } from "vitest";
import { editDistance } from "../src/edit-distance.js";

describe("editDistance", () => {
  it.each([
    ["route", "route", 3, 0],
    ["routes", "route", 3, 1],
    ["addr", "address", 3, 3],
    ["ruel", "rule", 3, 2],
    ["", "rule", 5, 4],
    ["kitten", "sitting", 5, 3],
    ["link", "rule", 3, 4],
    ["abcdefgh", "route", 3, 4],
    ["x".repeat(100_000), "route", 3, 4],
  ])("%j vs %j within %i → %i", (a, b, limit, distance) => {
    expect(editDistance(a, b, limit)).toBe(distance);
  });
});
