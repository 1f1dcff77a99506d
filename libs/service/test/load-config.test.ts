import { describe, expect, it } from "vitest";
import { z } from "zod";
import { commonEnv, ConfigError, listOf, loadConfig, positiveInt, wholeNumber } from "../src/index.js";

const schema = z.object({
  ...commonEnv,
  CONCURRENCY: positiveInt(4, 64),
  NAMES: listOf(/^[A-Z_]+$/, "variable names"),
});

describe("loadConfig", () => {
  it("applies defaults when nothing is set", () => {
    expect(loadConfig(schema, {})).toEqual({
      DOCKER_HOST: "unix:///var/run/docker.sock",
      REDIS_URL: "redis://127.0.0.1:6379",
      LOG_LEVEL: "info",
      DEHANDLER_ENGINE_ID: undefined,
      CONCURRENCY: 4,
      NAMES: [],
    });
  });

  it.each([
    [{ CONCURRENCY: "0" }, 'CONCURRENCY: expected a whole number from 1 to 64, got "0"'],
    [{ CONCURRENCY: "2.5" }, 'CONCURRENCY: expected a whole number from 1 to 64, got "2.5"'],
    [{ CONCURRENCY: "lots" }, 'CONCURRENCY: expected a whole number from 1 to 64, got "lots"'],
    [{ CONCURRENCY: "1e1" }, 'CONCURRENCY: expected a whole number from 1 to 64, got "1e1"'],
    [{ CONCURRENCY: "0x10" }, 'CONCURRENCY: expected a whole number from 1 to 64, got "0x10"'],
    [{ DOCKER_HOST: "/var/run/docker.sock" }, 'DOCKER_HOST: expected unix:///path/to/docker.sock or tcp://host:port, got "/var/run/docker.sock"'],
    [{ REDIS_URL: "localhost:6379" }, 'REDIS_URL: expected redis://[user:password@]host:port[/db] or rediss://…, got "localhost:6379"'],
    [{ LOG_LEVEL: "verbose" }, 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"'],
    [{ NAMES: "A, b" }, 'NAMES: expected a comma-separated list of variable names (bad entry "b"), got "A, b"'],
    [{ DEHANDLER_ENGINE_ID: "has space" }, "DEHANDLER_ENGINE_ID: expected letters, digits, '_', '.', ':' or '-' (at most 128), got \"has space\""],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(schema, env)).toThrow(ConfigError);
    expect(() => loadConfig(schema, env)).toThrow(message);
  });

  it("parses lists and numbers", () => {
    expect(loadConfig(schema, { CONCURRENCY: "16", NAMES: " A_B ,C,, " })).toMatchObject({ CONCURRENCY: 16, NAMES: ["A_B", "C"] });
  });
});

describe("wholeNumber", () => {
  const numbers = z.object({ NICE: wholeNumber(-10, -20, 19), PORT: wholeNumber(9464, 0, 65_535, "a port from 0 to 65535") });

  it.each([
    [{}, { NICE: -10, PORT: 9464 }],
    [
      { NICE: " -20 ", PORT: "0" },
      { NICE: -20, PORT: 0 },
    ],
    [
      { NICE: "19", PORT: "65535" },
      { NICE: 19, PORT: 65_535 },
    ],
  ])("reads %j", (env, expected) => {
    expect(loadConfig(numbers, env)).toEqual(expected);
  });

  it.each([
    [{ NICE: "-21" }, 'NICE: expected a whole number from -20 to 19, got "-21"'],
    [{ NICE: "+5" }, 'NICE: expected a whole number from -20 to 19, got "+5"'],
    [{ PORT: "-0" }, 'PORT: expected a port from 0 to 65535, got "-0"'],
    [{ PORT: "65536" }, 'PORT: expected a port from 0 to 65535, got "65536"'],
  ])("refuses %j", (env, message) => {
    expect(() => loadConfig(numbers, env)).toThrow(message);
  });
});
