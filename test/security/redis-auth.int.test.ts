import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { AppProcess, type AppName } from "../harness/app-process.js";
import { useIntegration } from "../harness/context.js";
import type { StartedContainer } from "../harness/containers.js";
import { tempDir } from "../harness/temp-dir.js";
import { startRunContainer } from "../harness/test-containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { freePort, startRedisServer, type RedisServerOptions } from "../harness/redis-server.js";
import type { Stack } from "../harness/stack.js";
import { makeTestCertificates, type TestCertificates } from "../harness/test-certificates.js";

const t = useIntegration();

/** Random, with characters that must be %-escaped in a URL; `core` is what must never show. */
function newPassword(): { password: string; core: string } {
  const core = randomBytes(12).toString("hex");
  return { password: `${core}:@/%`, core };
}

async function ownRedis(options: Pick<RedisServerOptions, "password" | "tls">): Promise<string> {
  const redis = await startRedisServer({ dir: await tempDir(t.cleanup, "/tmp/dhr-sec-"), port: await freePort(), appendOnly: false, ...options });
  t.cleanup.defer("own redis-server", () => redis.stop());
  return redis.url;
}

/** A watcher or worker that is not expected to get ready: started bare, killed in cleanup. */
function startBare(app: AppName, env: Record<string, string>): AppProcess {
  const child = new AppProcess(app, {
    DOCKER_HOST: t.dockerHost,
    DEHANDLER_ENGINE_ID: t.unique("sec"),
    DEHANDLER_WATCH_LABELS: t.runLabel,
    LOG_LEVEL: "debug",
    ...env,
  });
  t.cleanup.defer(`${app} process`, async () => {
    if (child.running) child.kill("SIGKILL");
    await child.exited();
  });
  return child;
}

/** Everything Redis holds (job data, results, events, dead-letter entries), as one text. */
async function redisContents(url: string, ca: string | undefined): Promise<string> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, ...(ca === undefined ? {} : { tls: { ca } }) });
  try {
    const dump: unknown[] = [];
    for (const key of await client.keys("*")) {
      const type = await client.type(key);
      if (type === "string") dump.push(key, await client.get(key));
      else if (type === "hash") dump.push(key, await client.hgetall(key));
      else if (type === "list") dump.push(key, await client.lrange(key, 0, -1));
      else if (type === "set") dump.push(key, await client.smembers(key));
      else if (type === "zset") dump.push(key, await client.zrange(key, "0", "-1"));
      else if (type === "stream") dump.push(key, await client.xrange(key, "-", "+"));
      else dump.push(key, type);
    }
    return JSON.stringify(dump);
  } finally {
    client.disconnect();
  }
}

function output(child: AppProcess): string {
  return JSON.stringify(child.lines) + child.stderr.join("");
}

function expectNoSecret(core: string, children: AppProcess[]): void {
  for (const child of children) {
    expect(child.lines.length, `${child.app} logged nothing`).toBeGreaterThan(0);
    expect(output(child).includes(core), `${child.app} output carries the password`).toBe(false);
  }
}

/** A good and a bad (shell syntax: dead-lettered at once) container; checks both outcomes. */
async function configureOneAndDeadLetterOne(stack: Stack, prefix: string): Promise<StartedContainer[]> {
  const good = await startRunContainer(t, {
    name: t.unique(`${prefix}-good`),
    labels: { "docker-events.address": "add 10.252.0.1/32 dev lo" },
  });
  const bad = await startRunContainer(t, {
    name: t.unique(`${prefix}-bad`),
    labels: { "docker-events.route": "add default via $(reboot)" },
  });
  expect(await stack.finished(good, 30_000)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
  expect(await ipInNetnsOf(good.pid, ["address", "show", "dev", "lo"])).toContain("10.252.0.1/32");
  expect(await stack.deadLetterEntry(bad)).toMatchObject({ permanent: true, label: "docker-events.route" });
  return [good, bad];
}

/**
 * No retry can fix it: each process ends at start with one line naming the setting (exit 2,
 * which systemd and compose show as a failed service), as for a malformed setting.
 */
async function expectRefusedAtStart(children: AppProcess[], line: RegExp): Promise<void> {
  for (const child of children) {
    expect(await child.exited(), `${child.app} exit`).toEqual({ exitCode: 2, signal: undefined });
    expect(child.stderr.join(""), `${child.app} stderr`).toMatch(line);
    expect(child.stderr.join("").trimEnd().split("\n"), `${child.app} says it in one line`).toHaveLength(1);
  }
}

describe("Redis with a password", () => {
  it("configures a container end to end, and the password shows in no log line, job or dead-letter entry", async () => {
    const { password, core } = newPassword();
    const redisUrl = await ownRedis({ password });
    expect(redisUrl).toContain(encodeURIComponent(password));

    const stack = t.stack({ redisUrl });
    const worker = await stack.spawn("worker");
    const watcher = await stack.spawn("watcher");
    const [good, bad] = await configureOneAndDeadLetterOne(stack, "auth");

    const stored = await redisContents(redisUrl, undefined);
    expect(stored).toContain(good!.id);
    expect(stored).toContain(bad!.id);
    expect(stored.includes(core)).toBe(false);
    expect(JSON.stringify(await stack.deadLetter.list()).includes(core)).toBe(false);
    expectNoSecret(core, [worker, watcher]);
  });

  it("with a wrong password, or none, both processes end at start with one line naming REDIS_URL, never printing a password", async () => {
    const right = newPassword();
    const wrong = newPassword();
    const redisUrl = await ownRedis({ password: right.password });
    const wrongUrl = redisUrl.replace(encodeURIComponent(right.password), encodeURIComponent(wrong.password));
    expect(wrongUrl).not.toBe(redisUrl);

    const withWrong = [startBare("worker", { REDIS_URL: wrongUrl }), startBare("watcher", { REDIS_URL: wrongUrl })];
    const withNone = [startBare("worker", { REDIS_URL: redisUrl.replace(/\/\/[^@]*@/, "//") })];
    await expectRefusedAtStart(
      withWrong,
      /^dehandler-(worker|watcher): REDIS_URL: expected a user and password that Redis accepts \(Redis answered: WRONGPASS .*\), got "redis:\/\/:\*\*\*@127\.0\.0\.1:\d+"\n$/,
    );
    await expectRefusedAtStart(
      withNone,
      /^dehandler-worker: REDIS_URL: expected a password: this Redis requires one \(Redis answered: NOAUTH .*\), got "redis:\/\/127\.0\.0\.1:\d+"\n$/,
    );
    for (const child of [...withWrong, ...withNone]) {
      expect(output(child).includes(wrong.core)).toBe(false);
      expect(output(child).includes(right.core)).toBe(false);
    }
  });

  it("refuses a malformed REDIS_URL at start without echoing its password", async () => {
    const { password, core } = newPassword();
    const worker = startBare("worker", { REDIS_URL: `redis://:${encodeURIComponent(password)}@127.0.0.1:notaport` });
    expect(await worker.exited()).toMatchObject({ exitCode: 2 });
    expect(worker.stderr.join("")).toBe(
      'dehandler-worker: REDIS_URL: expected redis://[user:password@]host:port[/db] or rediss://…, got "redis://:***@127.0.0.1:notaport"\n',
    );
    expect(output(worker).includes(core)).toBe(false);
  });
});

describe("Redis over TLS", () => {
  async function tlsRedis(): Promise<{ url: string; certs: TestCertificates; core: string }> {
    const certs = await makeTestCertificates(await tempDir(t.cleanup, "/tmp/dh-tls-"));
    const { password, core } = newPassword();
    const url = await ownRedis({ password, tls: certs });
    expect(url.startsWith("rediss://")).toBe(true);
    return { url, certs, core };
  }

  it("configures a container end to end with rediss:// and DEHANDLER_REDIS_CA_FILE", async () => {
    const { url, certs, core } = await tlsRedis();
    const stack = t.stack({ redisUrl: url, env: { DEHANDLER_REDIS_CA_FILE: certs.caFile } });
    const worker = await stack.spawn("worker");
    const watcher = await stack.spawn("watcher");
    const [good] = await configureOneAndDeadLetterOne(stack, "tls");

    const stored = await redisContents(url, await readFile(certs.caFile, "utf8"));
    expect(stored).toContain(good!.id);
    expect(stored.includes(core)).toBe(false);
    expectNoSecret(core, [worker, watcher]);
  });

  it("without the CA, or with another CA, both processes end at start with one line naming DEHANDLER_REDIS_CA_FILE", async () => {
    const { url, certs, core } = await tlsRedis();
    const withoutCa = [startBare("worker", { REDIS_URL: url }), startBare("watcher", { REDIS_URL: url })];
    const otherCa = [startBare("worker", { REDIS_URL: url, DEHANDLER_REDIS_CA_FILE: certs.other.caFile })];
    const expected =
      /^dehandler-(worker|watcher): DEHANDLER_REDIS_CA_FILE: expected the CA certificate that signed the Redis server's certificate \(TLS said: [A-Z_]+: .*\), (it is unset|got "a CA that did not sign it")\n$/;
    await expectRefusedAtStart([...withoutCa, ...otherCa], expected);
    for (const child of [...withoutCa, ...otherCa]) expect(output(child).includes(core)).toBe(false);
  });

  it("refuses a CA file that cannot be read, or a CA with a plain redis:// URL, with one line", async () => {
    const missing = startBare("worker", { REDIS_URL: "rediss://127.0.0.1:1", DEHANDLER_REDIS_CA_FILE: "/nonexistent/ca.crt" });
    expect(await missing.exited()).toMatchObject({ exitCode: 2 });
    expect(missing.stderr.join("")).toBe(
      'dehandler-worker: DEHANDLER_REDIS_CA_FILE: expected an absolute path of a readable PEM file of CA certificates (cannot read it: ENOENT), got "/nonexistent/ca.crt"\n',
    );

    const certs = await makeTestCertificates(await tempDir(t.cleanup, "/tmp/dh-tls-"));
    const plain = startBare("worker", { REDIS_URL: "redis://127.0.0.1:1", DEHANDLER_REDIS_CA_FILE: certs.caFile });
    expect(await plain.exited()).toMatchObject({ exitCode: 1 });
    expect(plain.stderr.join("")).toMatch(/^dehandler-worker: failed to start: .*not rediss:\/\/.*\n$/);
  });
});
