import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startRunContainer } from "../harness/test-containers.js";

const t = useIntegration();

const HOSTILE_KEY = 'docker-events.%s%n\n{"level":60,"msg":"forged"}';
const HOSTILE_VALUE = "add %s%d%j dev lo";

function keysOf(value: unknown, into: string[] = []): string[] {
  if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      into.push(key);
      keysOf(inner, into);
    }
  }
  return into;
}

describe("user-controlled text in logs", () => {
  it("appears only as values: never as a key, a message or a forged line", async () => {
    const stack = await t.startStack({ env: { DEHANDLER_JOB_ATTEMPTS: "1" } });
    const container = await startRunContainer(t, {
      name: t.unique("inject"),
      labels: { [HOSTILE_KEY]: "x", "docker-events.address": HOSTILE_VALUE },
    });
    await stack.deadLetterEntry(container);

    const lines = stack.logs.lines;
    // Every line parsed as one JSON object (LogCapture parses each), none forged by the label.
    expect(lines.filter((line) => line.msg === "forged")).toEqual([]);
    const messages = new Set(lines.map((line) => String(line.msg)));
    for (const message of messages) expect(message).not.toMatch(/%s|%n|docker-events\.%|add %s/);
    const keys = new Set(lines.flatMap((line) => keysOf(line)));
    expect([...keys].filter((key) => key.includes("%"))).toEqual([]);
    // The texts are there, as values.
    expect(JSON.stringify(lines)).toContain(JSON.stringify(HOSTILE_KEY).slice(1, -1));
    expect(lines.some((line) => JSON.stringify(line).includes(HOSTILE_VALUE))).toBe(true);
  });
});
