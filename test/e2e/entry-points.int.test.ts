import { execa } from "execa";
import { access } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startRunContainer } from "../harness/test-containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { freePort } from "../harness/redis-server.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();
const ENTRY = {
  launcher: "apps/launcher/dist/main.js",
  watcher: "apps/watcher/dist/main.js",
  worker: "apps/worker/dist/main.js",
};

// These run the built entry files as real processes, as `npm start` and the services do.
beforeAll(async () => {
  for (const entry of Object.values(ENTRY)) {
    await access(entry).catch(() => {
      throw new Error(`${entry} is missing: run "npm run build" first (npm test does)`);
    });
  }
});

describe("entry points", () => {
  it.each([
    ["worker", { DEHANDLER_CONCURRENCY: "lots" }, 'dehandler-worker: DEHANDLER_CONCURRENCY: expected a whole number from 1 to 256, got "lots"'],
    ["worker", { DEHANDLER_SCRIPTS_DIR: "scripts" }, 'dehandler-worker: DEHANDLER_SCRIPTS_DIR: expected an absolute folder path, got "scripts"'],
    [
      "worker",
      { DEHANDLER_HOST_CHANGES: "opt-in" },
      'dehandler-worker: DEHANDLER_HOST_CHANGES: expected opt-in together with DEHANDLER_HOST_CHANGES_LABEL, _PROJECTS or _NAMES (none is set), got "opt-in"',
    ],
    [
      "worker",
      { DEHANDLER_HOST_ROUTE_CIDRS: "10.0.0.0/33" },
      'dehandler-worker: DEHANDLER_HOST_ROUTE_CIDRS: expected a comma-separated list of CIDRs ("10.0.0.0/33" is not a CIDR such as 10.0.0.0/8 or fd00::/8), got "10.0.0.0/33"',
    ],
    [
      "watcher",
      { REDIS_URL: "localhost:6379" },
      'dehandler-watcher: REDIS_URL: expected redis://[user:password@]host:port[/db] or rediss://…, got "localhost:6379"',
    ],
    ["watcher", { DEHANDLER_JOB_ATTEMPTS: "0" }, 'dehandler-watcher: DEHANDLER_JOB_ATTEMPTS: expected a whole number from 1 to 100, got "0"'],
    // npm start checks the watcher's and worker's settings before it starts Redis or either process.
    ["launcher", { DEHANDLER_CONCURRENCY: "0" }, 'dehandler: DEHANDLER_CONCURRENCY: expected a whole number from 1 to 256, got "0"'],
    [
      "launcher",
      { DEHANDLER_METRICS_PORT: "9500" },
      'dehandler: DEHANDLER_METRICS_PORT: expected unset under npm start (watcher and worker would share it): use DEHANDLER_WATCHER_METRICS_PORT and DEHANDLER_WORKER_METRICS_PORT, got "9500"',
    ],
    [
      "launcher",
      { DEHANDLER_LABEL_VARS: "A-B" },
      'dehandler: DEHANDLER_LABEL_VARS: expected a comma-separated list of variable names (bad entry "A-B"), got "A-B"',
    ],
  ] as const)("%s stops at start with one line naming a bad %j", async (app, env, line) => {
    const result = await execa(process.execPath, [ENTRY[app]], {
      env: { ...env, DOCKER_HOST: t.dockerHost },
      extendEnv: false,
      reject: false,
      timeout: 10_000,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(line);
  });

  it("npm start's launcher runs watcher and worker together and stops cleanly on SIGTERM", async () => {
    const { engineId } = t.stack(); // its cleanup removes the queues the launcher's processes use
    const [watcherPort, workerPort] = [await freePort(), await freePort()];
    const launcher = execa(process.execPath, [ENTRY.launcher], {
      env: {
        DOCKER_HOST: t.dockerHost,
        REDIS_URL: t.redisUrl,
        DEHANDLER_ENGINE_ID: engineId,
        DEHANDLER_WATCH_LABELS: t.runLabel,
        LOG_LEVEL: "info",
        DEHANDLER_WATCHER_METRICS_PORT: String(watcherPort),
        DEHANDLER_WORKER_METRICS_PORT: String(workerPort),
      },
      reject: false,
      all: true,
    });
    t.cleanup.defer("launcher", async () => {
      launcher.kill("SIGKILL");
      await launcher;
    });
    const output: string[] = [];
    launcher.all?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    await waitFor(() => output.join("").includes("following container events") && output.join("").includes("worker taking jobs"), {
      what: "watcher and worker to be up",
      timeoutMs: 30_000,
    });
    // Each child got its own metrics port from the shared environment.
    for (const port of [watcherPort, workerPort]) expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    const container = await startRunContainer(t, {
      name: t.unique("via-launcher"),
      labels: { "docker-events.address": "add 192.0.2.61/32 dev lo" },
    });
    await waitFor(async () => (await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).includes("192.0.2.61/32"), {
      what: "the launcher's worker to configure the container",
    });

    launcher.kill("SIGTERM");
    const result = await launcher;
    expect(result.exitCode).toBe(0);
    expect(result.all).toContain("watcher stopped");
    expect(result.all).toContain("worker stopped");
  });
});
