import { mkdtemp, rm, writeFile, chmod } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { maskRedisUrl, maskUrlCredentials } from "../src/mask-credentials.js";
import { commonEnv, ConfigError, loadConfig } from "../src/index.js";

const schema = z.object(commonEnv);
const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("REDIS_URL", () => {
  it.each([
    "redis://127.0.0.1:6379",
    "redis://:s3cret@redis.internal:6379",
    "redis://alice:s3cret@redis.internal:6379/2",
    "redis://:p%40ss%3Aword@10.0.0.5",
    "rediss://:s3cret@localhost:6380",
    "rediss://redis.example.com",
  ])("accepts %s as is", (url) => {
    expect(loadConfig(schema, { REDIS_URL: url }).REDIS_URL).toBe(url);
  });

  it.each([
    ["http://:hunter2@redis:6379", 'got "http://:***@redis:6379"'],
    ["redis://alice:hunter2@redis:6379/db0", 'got "redis://alice:***@redis:6379/db0"'],
    ["redis://:hunter2@", 'got "redis://:***@"'],
    ["redis://:hunter2%zz@redis:6379", 'got "redis://:***@redis:6379"'],
    ["hunter2@redis:6379", 'got "***@redis:6379"'],
    ["user:hunter2@redis:6379", 'got "user:***@redis:6379"'],
    ["redis://:hun@ter2@redis:6379/x", 'got "redis://:***@redis:6379/x"'],
  ])("refuses %s naming the variable, without the password", (url, got) => {
    const error = configErrorOf({ REDIS_URL: url });
    expect(error.variable).toBe("REDIS_URL");
    expect(error.message).toBe(`REDIS_URL: expected redis://[user:password@]host:port[/db] or rediss://…, ${got}`);
    expect(error.message).not.toContain("hunter2");
    expect(error.message).not.toContain("ter2");
    expect(String(error.received)).not.toContain("hunter2");
  });

  it("still echoes a bad value that carries no credentials", () => {
    expect(() => loadConfig(schema, { REDIS_URL: "redis://" })).toThrow(
      'REDIS_URL: expected redis://[user:password@]host:port[/db] or rediss://…, got "redis://"',
    );
  });
});

describe("masking", () => {
  it("masks the password of a whole setting", () => {
    expect(maskRedisUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
    expect(maskRedisUrl("rediss://bob:pw@h:1")).toBe("rediss://bob:***@h:1");
  });

  it("masks URL credentials inside a text", () => {
    expect(maskUrlCredentials("cannot reach rediss://:pw1@h:1 nor redis://u:pw2@k/0, see http://example.com")).toBe(
      "cannot reach rediss://:***@h:1 nor redis://u:***@k/0, see http://example.com",
    );
  });
});

describe("DEHANDLER_REDIS_CA_FILE", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dh-ca-"));
    await writeFile(join(dir, "ca.pem"), PEM);
    await writeFile(join(dir, "not-pem.txt"), "hello");
    await writeFile(join(dir, "locked.pem"), PEM);
    await chmod(join(dir, "locked.pem"), 0o000);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is unset by default, and when empty", () => {
    expect(loadConfig(schema, {}).DEHANDLER_REDIS_CA_FILE).toBeUndefined();
    expect(loadConfig(schema, { DEHANDLER_REDIS_CA_FILE: " " }).DEHANDLER_REDIS_CA_FILE).toBeUndefined();
  });

  it("reads the file at start", () => {
    const path = join(dir, "ca.pem");
    expect(loadConfig(schema, { REDIS_URL: "rediss://:pw@h:1", DEHANDLER_REDIS_CA_FILE: path }).DEHANDLER_REDIS_CA_FILE).toEqual({ path, pem: PEM });
  });

  const expected = "DEHANDLER_REDIS_CA_FILE: expected an absolute path of a readable PEM file of CA certificates";
  it.each([
    ["ca.pem", `${expected}, got "ca.pem"`],
    ["/nonexistent/ca.pem", `${expected} (cannot read it: ENOENT), got "/nonexistent/ca.pem"`],
  ])("refuses %s with one line naming the variable", (path, message) => {
    expect(() => loadConfig(schema, { DEHANDLER_REDIS_CA_FILE: path })).toThrow(message);
  });

  it("refuses a folder, a file without a certificate and (unless root) an unreadable file", () => {
    expect(() => loadConfig(schema, { DEHANDLER_REDIS_CA_FILE: dir })).toThrow(`${expected} (cannot read it: EISDIR)`);
    expect(() => loadConfig(schema, { DEHANDLER_REDIS_CA_FILE: join(dir, "not-pem.txt") })).toThrow(`${expected} (no PEM certificate in it)`);
    if (process.getuid?.() !== 0) {
      expect(() => loadConfig(schema, { DEHANDLER_REDIS_CA_FILE: join(dir, "locked.pem") })).toThrow(`${expected} (cannot read it: EACCES)`);
    }
  });
});
