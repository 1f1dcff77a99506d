// npm run bench:scripts — what launching a start script costs the worker: through the spawner
// helper (how the worker runs them) against forking the worker itself with execa and an output
// file (how it ran them before). The bench process is made as large as a worker (~110 MiB
// resident), since a fork costs in proportion to the memory of the process that forks.
//
//   BENCH_SCRIPTS_N=300 BENCH_SCRIPTS_CONCURRENCY=1,8 npm run bench:scripts
import { Spawner } from "@dehandler/netns";
import { execa } from "execa";
import { chmod, mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fixed, textTable } from "./text-table.js";

const N = Number(process.env.BENCH_SCRIPTS_N ?? 300);
const CONCURRENCY = (process.env.BENCH_SCRIPTS_CONCURRENCY ?? "1,8").split(",").map(Number);
const WORKER_LIKE_BYTES = 80 * 1024 * 1024;

type Launch = (path: string) => Promise<void>;

/** The way scripts ran before: execa from the worker, output to a file that is read back. */
async function viaExecaAndFile(path: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "dehandler-script-"));
  const file = await open(join(dir, "output"), "a");
  const sink = file.createWriteStream();
  try {
    const result = await execa(path, [], {
      env: { PATH: process.env.PATH ?? "" },
      extendEnv: false,
      detached: true,
      stdin: "ignore",
      stdout: sink,
      stderr: sink,
      reject: false,
    });
    if (result.exitCode !== 0) throw new Error(`script exited ${result.exitCode}`);
  } finally {
    await new Promise((resolve) => sink.end(resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

function viaSpawner(spawner: Spawner): Launch {
  return async (path) => {
    const outcome = await spawner.runScript({
      path,
      cwd: tmpdir(),
      env: { PATH: process.env.PATH ?? "" },
      timeoutMs: 10_000,
      outputTailBytes: 64 * 1024,
    });
    if (outcome.exitCode !== 0) throw new Error(`script exited ${outcome.exitCode}`);
  };
}

interface Figures {
  wallP50Ms: number;
  wallP99Ms: number;
  cpuMsPerScript: number;
  loopDelayMaxMs: number;
  perSecond: number;
}

async function measure(launch: Launch, path: string, concurrency: number): Promise<Figures> {
  for (let i = 0; i < 10; i += 1) await launch(path); // warm up
  const walls: number[] = [];
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const cpu = process.cpuUsage();
  const started = performance.now();
  delay.enable();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < N) {
        next += 1;
        const one = performance.now();
        await launch(path);
        walls.push(performance.now() - one);
      }
    }),
  );
  delay.disable();
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  walls.sort((a, b) => a - b);
  return {
    wallP50Ms: walls[Math.floor(walls.length * 0.5)] ?? NaN,
    wallP99Ms: walls[Math.floor(walls.length * 0.99)] ?? NaN,
    cpuMsPerScript: (used.user + used.system) / 1000 / walls.length,
    loopDelayMaxMs: delay.max / 1e6,
    perSecond: (walls.length / elapsed) * 1000,
  };
}

const ballast = Buffer.alloc(WORKER_LIKE_BYTES, 1); // resident, as a worker's heap is
const dir = await mkdtemp(join(tmpdir(), "dh-bench-scripts-"));
const script = join(dir, "start.bench");
await writeFile(script, "#!/bin/sh\necho configured\n");
await chmod(script, 0o755);
const spawner = new Spawner();
spawner.start();
try {
  const rows: string[][] = [];
  for (const concurrency of CONCURRENCY) {
    for (const [name, launch] of [
      ["execa + file (before)", viaExecaAndFile],
      ["spawner (now)", viaSpawner(spawner)],
    ] as const) {
      const figures = await measure(launch, script, concurrency);
      rows.push([
        name,
        String(concurrency),
        fixed(figures.wallP50Ms, 2),
        fixed(figures.wallP99Ms, 2),
        fixed(figures.cpuMsPerScript, 2),
        fixed(figures.loopDelayMaxMs, 1),
        fixed(figures.perSecond, 0),
      ]);
    }
  }
  const rssMiB = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `${N} runs of a script that prints one line, from a process of ${fixed(rssMiB, 0)} MiB resident (ballast ${ballast.length / 1024 / 1024} MiB)`,
  );
  console.log(textTable(["launch", "in flight", "wall p50 ms", "wall p99 ms", "worker CPU ms/script", "event loop max delay ms", "scripts/s"], rows));
} finally {
  await spawner.close();
  await rm(dir, { recursive: true, force: true });
}
