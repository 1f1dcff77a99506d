import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, handlingEnv, labelVariablesFrom, loadConfig, retryEnv } from "../src/index.js";

const schema = z.object({ ...handlingEnv, ...retryEnv });

describe("the settings of start jobs", () => {
  it("has its defaults when nothing is set", () => {
    expect(loadConfig(schema, {})).toEqual({
      DEHANDLER_LABEL_VARS: undefined,
      DEHANDLER_SCRIPTS_DIR: undefined,
      DEHANDLER_JOB_ATTEMPTS: 5,
      DEHANDLER_JOB_BACKOFF_MS: 1000,
    });
  });

  it.each([
    [{ DEHANDLER_LABEL_VARS: " " }, { DEHANDLER_LABEL_VARS: undefined }],
    [{ DEHANDLER_LABEL_VARS: "VPN_IP, INT_IF_IP,,VPN_IP" }, { DEHANDLER_LABEL_VARS: ["VPN_IP", "INT_IF_IP"] }],
    [{ DEHANDLER_LABEL_VARS: "," }, { DEHANDLER_LABEL_VARS: [] }],
    [{ DEHANDLER_SCRIPTS_DIR: " /etc/dehandler/scripts " }, { DEHANDLER_SCRIPTS_DIR: "/etc/dehandler/scripts" }],
    [
      { DEHANDLER_JOB_ATTEMPTS: "100", DEHANDLER_JOB_BACKOFF_MS: "3600000" },
      { DEHANDLER_JOB_ATTEMPTS: 100, DEHANDLER_JOB_BACKOFF_MS: 3_600_000 },
    ],
  ])("reads %j", (env, expected) => {
    expect(loadConfig(schema, env)).toMatchObject(expected);
  });

  it.each([
    [{ DEHANDLER_LABEL_VARS: "A-B" }, 'DEHANDLER_LABEL_VARS: expected a comma-separated list of variable names (bad entry "A-B"), got "A-B"'],
    [{ DEHANDLER_SCRIPTS_DIR: "scripts" }, 'DEHANDLER_SCRIPTS_DIR: expected an absolute folder path, got "scripts"'],
    [{ DEHANDLER_JOB_ATTEMPTS: "0" }, 'DEHANDLER_JOB_ATTEMPTS: expected a whole number from 1 to 100, got "0"'],
    [{ DEHANDLER_JOB_BACKOFF_MS: "3600001" }, 'DEHANDLER_JOB_BACKOFF_MS: expected a whole number from 1 to 3600000, got "3600001"'],
  ])("refuses %j with one line naming the variable", (env, message) => {
    expect(() => loadConfig(schema, env)).toThrow(ConfigError);
    expect(() => loadConfig(schema, env)).toThrow(message);
  });
});

describe("labelVariablesFrom", () => {
  it.each([
    [undefined, { allowed: [], values: {} }],
    [["VPN_IP", "UNSET"], { allowed: ["VPN_IP", "UNSET"], values: { VPN_IP: "10.8.0.2", UNSET: undefined } }],
  ])("keeps only the values of %j", (allowed, expected) => {
    expect(labelVariablesFrom(allowed, { VPN_IP: "10.8.0.2", SECRET: "hunter2" })).toEqual(expected);
  });
});
