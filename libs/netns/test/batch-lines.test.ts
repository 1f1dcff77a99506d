import { describe, expect, it } from "vitest";
import { encodeBatchLine } from "../src/batch/encode-batch-line.js";
import { readBatchFailure } from "../src/batch/read-batch-failure.js";

describe("encodeBatchLine", () => {
  it.each([
    [["route", "add", "10.0.0.0/8", "via", "10.1.0.1"], "route add 10.0.0.0/8 via 10.1.0.1"],
    [["address", "add", "fd00::1/64", "dev", "eth0", "label", "eth0:x#1"], "address add fd00::1/64 dev eth0 label eth0:x#1"],
  ])("joins %j", (args, line) => {
    expect(encodeBatchLine(args)).toBe(line);
  });

  it.each([
    ["no words", []],
    ["an empty word", ["route", "", "add"]],
    ["a space inside a word", ["route", "add", "a b"]],
    ["a tab", ["route", "add", "a\tb"]],
    ["a newline", ["route", "add", "a\nroute"]],
    ["a double quote", ["route", "add", '"x"']],
    ["a single quote", ["route", "add", "'x'"]],
    ["a backslash", ["route", "add", "x\\"]],
    ["a word starting a comment", ["route", "add", "#x"]],
    ["a control character", ["route", "add", "x\u0001"]],
    ["more words than ip reads per line", Array(100).fill("x")],
  ])("refuses %s, which ip would read differently", (_, args) => {
    expect(encodeBatchLine(args)).toBeUndefined();
  });
});

describe("readBatchFailure", () => {
  it.each([
    ["Error: Nexthop has invalid gateway.\nCommand failed -:2\n", { line: 2, stderr: "Error: Nexthop has invalid gateway.\n" }],
    ["RTNETLINK answers: File exists\nCommand failed -:17", { line: 17, stderr: "RTNETLINK answers: File exists" }],
    ["Warning: something\nError: x\nCommand failed -:3\n", { line: 3, stderr: "Warning: something\nError: x\n" }],
  ])("reads %j", (stderr, expected) => {
    expect(readBatchFailure(stderr)).toEqual(expected);
  });

  it.each([
    ["ip exited on a parse error without a report", 'Error: inet address is expected rather than "foo".\n'],
    ["no output at all", ""],
    ["two reports (only -force goes on)", "Command failed -:1\nCommand failed -:2\n"],
  ])("gives up when %s", (_, stderr) => {
    expect(readBatchFailure(stderr)).toBeUndefined();
  });
});
