import { describe, expect, it } from "vitest";
import { createLogger } from "../src/index.js";
import { createLogger as createLoggerTo } from "../src/create-logger.js";

function capture(): { text: () => string; logger: ReturnType<typeof createLogger> } {
  const raw: string[] = [];
  const logger = createLoggerTo("test", "debug", { write: (line: string) => raw.push(line) });
  return { text: () => raw.join(""), logger };
}

// What ioredis rejects with when the password is wrong: the command, password included, rides along.
function wrongPassError(): Error {
  return Object.assign(new Error("WRONGPASS invalid username-password pair or user is disabled."), {
    command: { name: "hello", args: ["3", "AUTH", "default", "hunter2"] },
  });
}

describe("createLogger", () => {
  it("is the logger the processes use", () => {
    expect(typeof createLogger("x", "silent").info).toBe("function");
  });

  it("censors settings and passwords by name", () => {
    const { logger, text } = capture();
    logger.info({ REDIS_URL: "redis://:hunter2@h:1", config: { REDIS_URL: "redis://:hunter2@h:1" }, password: "hunter2", redisUrl: "x" }, "settings");
    expect(text()).not.toContain("hunter2");
    expect(text()).toContain("[redacted]");
  });

  it("censors the AUTH/HELLO arguments ioredis attaches to an error, under err and error", () => {
    const { logger, text } = capture();
    logger.error({ err: wrongPassError() }, "failed");
    logger.error({ error: wrongPassError() }, "failed");
    logger.error(wrongPassError());
    const lines = text()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { err?: Record<string, unknown>; error?: Record<string, unknown> });
    expect(text()).not.toContain("hunter2");
    expect(lines[0]?.err).toMatchObject({ message: expect.stringContaining("WRONGPASS") as unknown, command: { name: "hello", args: "[redacted]" } });
    expect(lines[1]?.error).toMatchObject({ command: { name: "hello", args: "[redacted]" } });
    expect(lines[2]?.err).toMatchObject({ command: { name: "hello", args: "[redacted]" } });
  });

  it("keeps the arguments of other commands, and masks URL credentials in error texts", () => {
    const { logger, text } = capture();
    const other = Object.assign(new Error("ERR wrong type"), { command: { name: "hget", args: ["bull:q:1", "data"] } });
    logger.warn({ err: other }, "failed");
    logger.warn({ error: "connect ECONNREFUSED for rediss://bob:hunter2@10.0.0.1:6380" }, "redis connection error");
    logger.warn({ err: new Error("bad url redis://:hunter2@h:1", { cause: new Error("redis://:hunter2@h:2") }) }, "failed");
    expect(text()).toContain('"args":["bull:q:1","data"]');
    expect(text()).toContain("rediss://bob:***@10.0.0.1:6380");
    expect(text()).not.toContain("hunter2");
  });
});
