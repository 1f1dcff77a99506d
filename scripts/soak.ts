// Soak: starts and removes labeled containers in waves against the real engine and Redis, with
// the real watcher and worker processes, and prints their memory, open file descriptors and any
// listener-leak warnings after each wave. Not a timed test: run `npm run soak` and read the table.
//
//   SOAK_WAVES (default 10) × SOAK_WAVE_SIZE (default 100) containers.
import { readdir, readFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { AppProcess } from "../test/harness/app-process.js";
import { Cleanup } from "../test/harness/cleanup.js";
import { startMany } from "../test/harness/containers.js";
import { dockerFromHost, ensureDockerEngine } from "../test/harness/docker-engine.js";
import { ensureRedis } from "../test/harness/redis-server.js";
import { ensureTestImage } from "../test/harness/test-image.js";
import { waitFor } from "../test/harness/wait-for.js";
import { engineQueueNames, redisConnectionOptions } from "@dehandler/contract";
import { EngineQueues } from "../test/harness/engine-queues.js";

const waves = Number(process.env.SOAK_WAVES ?? 10);
const waveSize = Number(process.env.SOAK_WAVE_SIZE ?? 100);

async function sample(child: AppProcess): Promise<{ rssMiB: number; fds: number }> {
  const status = await readFile(`/proc/${child.pid ?? 0}/status`, "utf8");
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  const fds = (await readdir(`/proc/${child.pid ?? 0}/fd`)).length;
  return { rssMiB: Math.round((rssKiB / 1024) * 10) / 10, fds };
}

const engine = await ensureDockerEngine();
const redis = await ensureRedis();
const docker = dockerFromHost(engine.dockerHost);
const image = await ensureTestImage(docker);
const runId = randomBytes(4).toString("hex");
const engineId = `soak-${runId}`;
const queues = new EngineQueues(engineQueueNames(engineId), redisConnectionOptions(redis.redisUrl));
const env = {
  DOCKER_HOST: engine.dockerHost,
  REDIS_URL: redis.redisUrl,
  DEHANDLER_ENGINE_ID: engineId,
  DEHANDLER_WATCH_LABELS: `dehandler-soak.run=${runId}`,
  LOG_LEVEL: "warn",
};
const watcher = await new AppProcess("watcher", { ...env, LOG_LEVEL: "info" }).ready();
const worker = await new AppProcess("worker", { ...env, LOG_LEVEL: "info" }).ready();

const rows: string[] = ["wave  containers  seconds  watcher RSS MiB  watcher fds  worker RSS MiB  worker fds"];
const print = (row: string): void => {
  rows.push(row);
  process.stdout.write(`${row}\n`);
};
process.stdout.write(`${rows[0]}\n`);
const baseline = { watcher: await sample(watcher), worker: await sample(worker) };
print(
  `   0           0        0  ${String(baseline.watcher.rssMiB).padStart(15)}  ${String(baseline.watcher.fds).padStart(11)}  ${String(baseline.worker.rssMiB).padStart(14)}  ${String(baseline.worker.fds).padStart(10)}`,
);

const samples: { watcher: { rssMiB: number; fds: number }; worker: { rssMiB: number; fds: number } }[] = [];
try {
  for (let wave = 1; wave <= waves; wave += 1) {
    const started = Date.now();
    const cleanup = new Cleanup();
    const containers = await startMany(
      docker,
      cleanup,
      waveSize,
      (i) => ({
        name: `soak-${runId}-${wave}-${i}`,
        image,
        labels: { "dehandler-soak.run": runId, "docker-events.address": `add 10.253.${wave}.${i + 1}/32 dev lo` },
      }),
      10,
    );
    for (const container of containers) {
      // The job that claimed this start is the one that configures it.
      await waitFor(
        async () => {
          const jobId = await queues.claims.holder(container.id, container.startedAt);
          return jobId !== undefined && (await queues.job(jobId))?.state === "completed";
        },
        { what: `the job of ${container.name}`, timeoutMs: 120_000 },
      );
    }
    await cleanup.run();
    const now = { watcher: await sample(watcher), worker: await sample(worker) };
    samples.push(now);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    print(
      `${String(wave).padStart(4)}  ${String(wave * waveSize).padStart(10)}  ${seconds.padStart(7)}  ${String(now.watcher.rssMiB).padStart(15)}  ${String(now.watcher.fds).padStart(11)}  ${String(now.worker.rssMiB).padStart(14)}  ${String(now.worker.fds).padStart(10)}`,
    );
  }
} finally {
  watcher.kill("SIGTERM");
  worker.kill("SIGTERM");
  await Promise.all([watcher.exited(), worker.exited()]);
  await queues.obliterate();
  await queues.close();
  await Promise.allSettled([redis.stop(), engine.stop()]);
}

const leakWarnings = [...watcher.stderr, ...worker.stderr].filter((text) => text.includes("MaxListenersExceededWarning"));
const second = samples[1] ?? samples[0];
const last = samples.at(-1);
if (second !== undefined && last !== undefined) {
  const growth = (from: number, to: number): string => `${(((to - from) / from) * 100).toFixed(1)}%`;
  process.stdout.write(
    `\nfrom wave 2 to wave ${samples.length}: watcher RSS ${growth(second.watcher.rssMiB, last.watcher.rssMiB)}, fds ${second.watcher.fds}→${last.watcher.fds}; ` +
      `worker RSS ${growth(second.worker.rssMiB, last.worker.rssMiB)}, fds ${second.worker.fds}→${last.worker.fds}; listener-leak warnings: ${leakWarnings.length}\n`,
  );
}
