import { describe, expect, it } from "vitest";
import { ConfigError, describeRedis, loadRedisSettings, type RedisSettings } from "../src/index.js";

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadRedisSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadRedisSettings", () => {
  it.each<[Record<string, string>, RedisSettings]>([
    [{}, { mode: "single", url: "redis://127.0.0.1:6379", ca: undefined }],
    [{ REDIS_URL: "redis://:pw@10.0.0.5:6380/2" }, { mode: "single", url: "redis://:pw@10.0.0.5:6380/2", ca: undefined }],
    [
      { DEHANDLER_REDIS_SENTINELS: "s1:26379, 10.0.0.2:26380,[::1]:26381", DEHANDLER_REDIS_SENTINEL_NAME: "queues" },
      {
        mode: "sentinel",
        sentinels: [
          { host: "s1", port: 26379 },
          { host: "10.0.0.2", port: 26380 },
          { host: "::1", port: 26381 },
        ],
        masterName: "queues",
        username: undefined,
        password: undefined,
        db: 0,
        sentinelPassword: undefined,
        tls: false,
        ca: undefined,
      },
    ],
    [
      {
        DEHANDLER_REDIS_SENTINELS: "s1:26379",
        DEHANDLER_REDIS_SENTINEL_NAME: "mymaster",
        DEHANDLER_REDIS_SENTINEL_PASSWORD: "sentinel-secret",
        REDIS_URL: "rediss://alice:p%40ss@ignored-host:6379/3",
      },
      {
        mode: "sentinel",
        sentinels: [{ host: "s1", port: 26379 }],
        masterName: "mymaster",
        username: "alice",
        password: "p@ss",
        db: 3,
        sentinelPassword: "sentinel-secret",
        tls: true,
        ca: undefined,
      },
    ],
    [
      { DEHANDLER_REDIS_CLUSTER: "n1:7000,n2:7001", REDIS_URL: "rediss://dehandler:s%40cret@ignored:1" },
      {
        mode: "cluster",
        nodes: [
          { host: "n1", port: 7000 },
          { host: "n2", port: 7001 },
        ],
        username: "dehandler",
        password: "s@cret",
        tls: true,
        ca: undefined,
      },
    ],
  ])("%j", (env, expected) => {
    expect(loadRedisSettings(env)).toEqual(expected);
  });

  it.each<[Record<string, string>, string, string]>([
    [
      { DEHANDLER_REDIS_SENTINELS: "s1:26379" },
      "DEHANDLER_REDIS_SENTINEL_NAME",
      "the master's name as the sentinels know it, as DEHANDLER_REDIS_SENTINELS is set, it is unset",
    ],
    [{ DEHANDLER_REDIS_SENTINEL_NAME: "m" }, "DEHANDLER_REDIS_SENTINELS", "as DEHANDLER_REDIS_SENTINEL_NAME is set"],
    [{ DEHANDLER_REDIS_SENTINEL_PASSWORD: "x" }, "DEHANDLER_REDIS_SENTINELS", "as DEHANDLER_REDIS_SENTINEL_PASSWORD is set"],
    [{ DEHANDLER_REDIS_SENTINELS: "s1", DEHANDLER_REDIS_SENTINEL_NAME: "m" }, "DEHANDLER_REDIS_SENTINELS", '(bad entry "s1"), got "s1"'],
    [{ DEHANDLER_REDIS_SENTINELS: "s1:70000", DEHANDLER_REDIS_SENTINEL_NAME: "m" }, "DEHANDLER_REDIS_SENTINELS", '(bad entry "s1:70000")'],
    [{ DEHANDLER_REDIS_SENTINELS: "s1:1,;rm:2", DEHANDLER_REDIS_SENTINEL_NAME: "m" }, "DEHANDLER_REDIS_SENTINELS", '(bad entry ";rm:2")'],
    [{ DEHANDLER_REDIS_SENTINELS: "s1:1", DEHANDLER_REDIS_SENTINEL_NAME: "my master" }, "DEHANDLER_REDIS_SENTINEL_NAME", "letters, digits"],
    [{ DEHANDLER_REDIS_CLUSTER: "n1:7000,n2" }, "DEHANDLER_REDIS_CLUSTER", '(bad entry "n2")'],
    [
      { DEHANDLER_REDIS_CLUSTER: "n1:7000", DEHANDLER_REDIS_SENTINELS: "s1:1", DEHANDLER_REDIS_SENTINEL_NAME: "m" },
      "DEHANDLER_REDIS_CLUSTER",
      "either behind Sentinel or in a Cluster",
    ],
    [{ DEHANDLER_REDIS_CLUSTER: "n1:7000", REDIS_URL: "redis://:hunter2@x/3" }, "REDIS_URL", "only database 0"],
    [
      { DEHANDLER_REDIS_CLUSTER: "n1:7000", DEHANDLER_REDIS_SENTINEL_NAME: "m" },
      "DEHANDLER_REDIS_SENTINELS",
      "as DEHANDLER_REDIS_SENTINEL_NAME is set",
    ],
    [{ REDIS_URL: "localhost:6379", DEHANDLER_REDIS_SENTINELS: "s1:1", DEHANDLER_REDIS_SENTINEL_NAME: "m" }, "REDIS_URL", "expected redis://"],
  ])("%j is refused naming %s", (env, variable, text) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(text);
  });

  it("never prints a password when it says where Redis is", () => {
    expect(describeRedis(loadRedisSettings({ REDIS_URL: "redis://:hunter2@10.0.0.5:6380" }))).toBe("10.0.0.5:6380 (REDIS_URL)");
    const sentinel = loadRedisSettings({
      DEHANDLER_REDIS_SENTINELS: "s1:1,s2:2",
      DEHANDLER_REDIS_SENTINEL_NAME: "m",
      REDIS_URL: "redis://:hunter2@x",
    });
    expect(describeRedis(sentinel)).toBe('master "m" through the sentinels s1:1, s2:2 (DEHANDLER_REDIS_SENTINELS)');
    const cluster = loadRedisSettings({ DEHANDLER_REDIS_CLUSTER: "n1:1,n2:2", REDIS_URL: "redis://:hunter2@x" });
    expect(describeRedis(cluster)).toBe("the cluster of n1:1, n2:2 (DEHANDLER_REDIS_CLUSTER)");
    expect(errorOf({ DEHANDLER_REDIS_CLUSTER: "n1:1", REDIS_URL: "redis://:hunter2@x/3" }).message).not.toContain("hunter2");
  });
});
