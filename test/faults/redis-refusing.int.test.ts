import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { AppProcess, type AppName } from "../harness/app-process.js";
import { useIntegration } from "../harness/context.js";
import { freePort, startRedisServer } from "../harness/redis-server.js";
import { startSentinelGroup } from "../harness/redis-sentinel.js";
import { tempDir } from "../harness/temp-dir.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

/** A dehandler process with its own engine id, state folder and ports; killed in cleanup if still running. */
async function startApp(app: AppName, env: Record<string, string>): Promise<AppProcess> {
  const child = new AppProcess(app, {
    DOCKER_HOST: t.dockerHost,
    DEHANDLER_ENGINE_ID: t.unique("refuse"),
    DEHANDLER_WATCH_LABELS: t.runLabel,
    DEHANDLER_STATE_DIR: await tempDir(t.cleanup, "/tmp/dh-state-"),
    DEHANDLER_BOARD_PORT: "0",
    // The worker's jobs get 2 s to finish on SIGTERM (none runs here); the process then has 5 s more.
    DEHANDLER_SHUTDOWN_TIMEOUT_MS: "2000",
    // The launcher refuses one metrics port for its two children: each gets none.
    ...(app === "launcher" ? { DEHANDLER_METRICS_PORT: "", DEHANDLER_WATCHER_METRICS_PORT: "0", DEHANDLER_WORKER_METRICS_PORT: "0" } : {}),
    ...env,
  });
  t.cleanup.defer(`${app} process`, async () => {
    if (child.running) child.kill("SIGKILL");
    await child.exited();
  });
  return child;
}

/** SIGTERM, then how long the process took to exit and how. */
async function stopTimed(child: AppProcess): Promise<{ ms: number; exitCode: number | undefined; signal: string | undefined }> {
  const started = performance.now();
  child.kill("SIGTERM");
  const exit = await child.exited();
  return { ms: performance.now() - started, ...exit };
}

const STOPPED: Record<AppName, string> = { watcher: "watcher stopped", worker: "worker stopped", board: "board stopped", launcher: "worker stopped" };

describe("Redis that does not answer or refuses, and the processes' lives", () => {
  it("watcher, worker, board and launcher each stop on SIGTERM within seconds while Redis does not answer, saying so", async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const apps: AppName[] = ["watcher", "worker", "board", "launcher"];
    const children = await Promise.all(apps.map((app) => startApp(app, { REDIS_URL: nobody })));
    // Each is up and retrying: it has reported the outage (the launcher: both its children).
    const reporters = (child: AppProcess): Set<unknown> =>
      new Set(child.lines.filter((line) => String(line.msg).startsWith("redis connection error")).map((line) => line.name));
    for (const child of children) {
      const wanted = child.app === "launcher" ? 2 : 1;
      await waitFor(() => reporters(child).size >= wanted, { what: `${child.app} to report Redis away`, timeoutMs: 20_000 });
      expect(child.running, child.app).toBe(true);
    }
    const stops = await Promise.all(children.map(stopTimed));
    for (const [index, child] of children.entries()) {
      const stop = stops[index]!;
      expect({ app: child.app, exitCode: stop.exitCode, signal: stop.signal }).toEqual({ app: child.app, exitCode: 0, signal: undefined });
      // Well within the deadline (10 s; the worker's 2 + 5 s): nothing waits for Redis.
      expect(stop.ms, child.app).toBeLessThan(7000);
      expect(
        child.lines.some((line) => line.msg === "stopping" && line.signal === "SIGTERM"),
        `${child.app} logged the signal`,
      ).toBe(true);
      expect(child.withMessage(STOPPED[child.app]).length, `${child.app} logged that it stopped`).toBeGreaterThan(0);
    }
  });

  it("a wrong password: board and launcher end at start with one line naming REDIS_URL (exit 2), as watcher and worker do", async () => {
    const redis = await startRedisServer({
      dir: await tempDir(t.cleanup, "/tmp/dhr-ref-"),
      port: await freePort(),
      appendOnly: false,
      password: "right",
    });
    t.cleanup.defer("own redis-server", () => redis.stop());
    const wrongUrl = redis.url.replace(":right@", ":wrong@");
    const children = await Promise.all((["board", "launcher"] as const).map((app) => startApp(app, { REDIS_URL: wrongUrl })));
    for (const child of children) {
      expect(await child.exited(), child.app).toEqual({ exitCode: 2, signal: undefined });
      const stderr = child.stderr.join("");
      expect(stderr, child.app).toMatch(
        /^dehandler-(board|worker|watcher): REDIS_URL: expected a user and password that Redis accepts \(Redis answered: WRONGPASS /m,
      );
      expect(stderr.includes("wrong"), `${child.app} printed the password`).toBe(false);
    }
  });

  it("Redis starts refusing the password while they run: they stay up, /readyz answers 503 naming REDIS_URL, and SIGTERM still stops them", async () => {
    const port = await freePort();
    const redis = await startRedisServer({ dir: await tempDir(t.cleanup, "/tmp/dhr-ref-"), port, appendOnly: false });
    t.cleanup.defer("own redis-server", () => redis.stop());
    const metricsPorts = { worker: await freePort(), watcher: await freePort() };
    const children = await Promise.all(
      (["worker", "watcher"] as const).map(async (app) =>
        (await startApp(app, { REDIS_URL: redis.url, DEHANDLER_METRICS_PORT: String(metricsPorts[app]) })).ready(),
      ),
    );
    const readyz = async (app: "worker" | "watcher") => {
      const response = await fetch(`http://127.0.0.1:${metricsPorts[app]}/readyz`);
      return { status: response.status, body: await response.text() };
    };
    for (const child of children) expect((await readyz(child.app as "worker" | "watcher")).status).toBe(200);

    // One connection: it stays authenticated after the change, and cuts theirs, as a Redis
    // restarted with a new password would.
    const admin = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 0 });
    try {
      await admin.call("CONFIG", "SET", "requirepass", "changed-under-them");
      await admin.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
    } finally {
      admin.disconnect();
    }
    for (const child of children) {
      const app = child.app as "worker" | "watcher";
      const answer = await waitFor(
        async () => {
          const now = await readyz(app);
          return now.status === 503 && now.body.includes("REDIS_URL") ? now : undefined;
        },
        { what: `${app} /readyz to name REDIS_URL`, timeoutMs: 20_000 },
      );
      expect(answer.body).toMatch(/REDIS_URL: expected (a password: this Redis requires one|a user and password that Redis accepts)/);
      expect(child.running, `${app} stays up`).toBe(true);
    }
    const stops = await Promise.all(children.map(stopTimed));
    for (const stop of stops) {
      expect(stop.exitCode).toBe(0);
      expect(stop.ms).toBeLessThan(7000);
    }
  });

  it("a Sentinel master name that no sentinel knows ends the worker at start with one line naming DEHANDLER_REDIS_SENTINEL_NAME", async () => {
    const group = await startSentinelGroup(await tempDir(t.cleanup, "/tmp/dhs-ref-"), t.cleanup);
    const worker = await startApp("worker", {
      REDIS_URL: "",
      DEHANDLER_REDIS_SENTINELS: group.sentinels.map((node) => `${node.host}:${node.port}`).join(","),
      DEHANDLER_REDIS_SENTINEL_NAME: "no-such-master",
    });
    expect(await worker.exited()).toEqual({ exitCode: 2, signal: undefined });
    expect(worker.stderr.join("")).toBe(
      'dehandler-worker: DEHANDLER_REDIS_SENTINEL_NAME: expected the name of a master the sentinels monitor (3 of 3 sentinels answered and none knows it), got "no-such-master"\n',
    );
  });
});
