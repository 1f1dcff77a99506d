// Fleet-scale load test (`npm run fleet`, not part of `npm test`): many simulated engines publish
// start jobs through the real publisher/consumer contract (ContainerJobPublisher, then a
// ContainerJobConsumer whose executor only claims the start), against one Redis and against a
// Redis Cluster of three masters, each of its own on loopback. Prints the figures docs/scaling.md
// is written from, and writes them as JSON to bench-results/fleet-<iso time>.json.
//
//   --engines N          simulated engines with a consumer each (200)
//   --seconds S          length of each measured phase (10)
//   --targets LIST       single,cluster (both)
//   --status-engines L   engine queue counts at which `dehandler status` and discovery are timed (200,1000)
import { connectionOptionsFor, QueueDiscovery, type RedisConnectionOptions } from "@dehandler/contract";
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { Cleanup } from "../../test/harness/cleanup.js";
import { startRedisCluster } from "../../test/harness/redis-cluster.js";
import { freePort, startRedisServer } from "../../test/harness/redis-server.js";
import { tempDir } from "../../test/harness/temp-dir.js";
import { summarizeLatencies } from "../bench/latency-stats.js";
import { countSentCommands, delta, RedisProbe } from "./redis-probe.js";

const sentCommands = countSentCommands();
import { SimulatedFleet } from "./simulated-engines.js";

interface Target {
  name: "single" | "cluster";
  connection: RedisConnectionOptions;
  nodes: { host: string; port: number }[];
  /** What the CLI is given to reach it. */
  env: Record<string, string>;
}

function options() {
  const { values } = parseArgs({
    options: {
      engines: { type: "string", default: "200" },
      seconds: { type: "string", default: "10" },
      targets: { type: "string", default: "single,cluster" },
      "status-engines": { type: "string", default: "200,1000" },
    },
  });
  const number = (name: string, raw: string): number => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) {
      process.stderr.write(`fleet: --${name}: expected a whole number of at least 1, got ${JSON.stringify(raw)}\n`);
      process.exit(2);
    }
    return value;
  };
  const targets = values.targets.split(",").map((item) => item.trim());
  for (const target of targets) {
    if (target !== "single" && target !== "cluster") {
      process.stderr.write(`fleet: --targets: expected single and/or cluster, got ${JSON.stringify(target)}\n`);
      process.exit(2);
    }
  }
  return {
    engines: number("engines", values.engines),
    seconds: number("seconds", values.seconds),
    targets: targets as ("single" | "cluster")[],
    statusEngines: values["status-engines"]
      .split(",")
      .map((item) => number("status-engines", item.trim()))
      .sort((a, b) => a - b),
  };
}

async function startTarget(name: "single" | "cluster", cleanup: Cleanup): Promise<Target> {
  const dir = await tempDir(cleanup, "/tmp/dh-fleet-", "redis dir");
  if (name === "single") {
    const port = await freePort();
    const server = await startRedisServer({ dir, port, appendOnly: false });
    cleanup.defer("redis-server", () => server.stop());
    return {
      name,
      connection: connectionOptionsFor({ mode: "single", url: server.url, ca: undefined }),
      nodes: [{ host: "127.0.0.1", port }],
      env: { REDIS_URL: server.url },
    };
  }
  const cluster = await startRedisCluster(dir, cleanup);
  return {
    name,
    connection: connectionOptionsFor({ mode: "cluster", nodes: cluster.nodes, username: undefined, password: undefined, tls: false, ca: undefined }),
    nodes: cluster.nodes,
    env: { DEHANDLER_REDIS_CLUSTER: cluster.nodes.map((node) => `${node.host}:${node.port}`).join(","), REDIS_URL: "" },
  };
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

async function measureTarget(target: Target, settings: ReturnType<typeof options>) {
  const runId = randomBytes(3).toString("hex");
  const probe = new RedisProbe(target.nodes);
  const fleet = new SimulatedFleet(target.connection, runId);
  const log = (line: string) => process.stderr.write(`[${target.name}] ${line}\n`);
  try {
    const rssBefore = process.memoryUsage().rss;
    const idleBefore = await probe.sample();
    await fleet.add(settings.engines, true);
    const rssEngines = process.memoryUsage().rss;
    log(`${settings.engines} engines open`);

    // Idle: what open, idle engines cost Redis and this process.
    const idleStart = await probe.sample();
    const idleSentStart = sentCommands();
    const cpuIdleStart = process.cpuUsage();
    await sleep(settings.seconds * 1000);
    const idle = delta(idleStart, await probe.sample());
    const cpuIdle = process.cpuUsage(cpuIdleStart);
    const idleSent = sentCommands() - idleSentStart;
    const idleSeconds = idle.at / 1000;

    // Saturation: publishers as fast as they go, every engine consuming.
    const memoryBefore = await probe.sample();
    const floodStart = Date.now();
    const satStart = await probe.sample();
    const sentStart = sentCommands();
    const cpuSatStart = process.cpuUsage();
    const doneBefore = fleet.completedCount;
    await fleet.flood(floodStart + settings.seconds * 1000, Math.max(64, settings.engines));
    await fleet.waitForCompletions(Number.MAX_SAFE_INTEGER, 0);
    const floodEnd = Date.now();
    const sentDuring = sentCommands() - sentStart;
    const sat = delta(satStart, await probe.sample());
    const cpuSat = process.cpuUsage(cpuSatStart);
    // Counted over the middle of the flood: the first and last second are ramps.
    const window = fleet.completedBetween(floodStart + 1000, floodEnd - 1000);
    const saturationJobsPerSecond = window.length / ((floodEnd - floodStart - 2000) / 1000);
    const satJobs = fleet.completedCount - doneBefore;
    log(`saturation ${Math.round(saturationJobsPerSecond)} jobs/s`);
    await sleep(3000);
    const settled = fleet.completedCount - doneBefore;
    const memoryAfter = await probe.sample();
    const bytesPerKeptJob = (memoryAfter.usedMemory - memoryBefore.usedMemory) / settled;

    // Latency at 50% and 90% of saturation, paced.
    const latency: Record<string, ReturnType<typeof summarizeLatencies> & { rate: number }> = {};
    for (const share of [50, 90]) {
      const rate = Math.round((saturationJobsPerSecond * share) / 100);
      const start = Date.now();
      await fleet.paced(rate, start + settings.seconds * 1000);
      await sleep(2000);
      const finished = fleet.completedBetween(start + 1000, Date.now());
      latency[`${share}%`] = { rate, ...summarizeLatencies(finished.map((completion) => completion.latencyMs)) };
      log(`${share}% (${rate} jobs/s): p50 ${latency[`${share}%`]?.p50} ms, p99 ${latency[`${share}%`]?.p99} ms`);
    }

    // Discovery and `dehandler status` as engine queues grow (engines without consumers: queues only).
    const discovery: { engines: number; statusSeconds: number; discoverySeconds: number }[] = [];
    for (const count of settings.statusEngines) {
      if (fleet.engines.length < count) {
        const first = fleet.engines.length;
        await fleet.add(count - first, false);
        for (let i = first; i < count; i++) await fleet.publish(i);
      }
      const scan = new QueueDiscovery(target.connection);
      scan.onError(() => undefined);
      const scanStart = performance.now();
      const found = await scan.scan();
      const discoverySeconds = (performance.now() - scanStart) / 1000;
      await scan.close();
      const statusStart = performance.now();
      const status = await execa(process.execPath, ["apps/cli/dist/main.js", "status", "--json"], {
        env: { PATH: process.env.PATH ?? "", ...target.env },
        extendEnv: false,
        reject: false,
        timeout: 120_000,
      });
      const statusSeconds = (performance.now() - statusStart) / 1000;
      const listed = status.exitCode === 0 ? (JSON.parse(status.stdout) as unknown[]).length : -1;
      if (listed < count) throw new Error(`dehandler status listed ${listed} engines of ${count} (exit ${status.exitCode}): ${status.stderr}`);
      discovery.push({ engines: count, statusSeconds: round(statusSeconds, 2), discoverySeconds: round(discoverySeconds, 3) });
      log(`${count} engine queues (${found.length} queues found): status ${round(statusSeconds, 2)} s, discovery ${round(discoverySeconds, 3)} s`);
    }

    return {
      target: target.name,
      masters: target.nodes.length,
      engines: settings.engines,
      saturation: {
        jobsPerSecond: Math.round(saturationJobsPerSecond),
        clientCommandsPerJob: round(sentDuring / satJobs, 1),
        redisCommandsPerJob: round(sat.commands / satJobs, 1),
        redisCpuMsPerJob: round((sat.cpuSeconds * 1000) / satJobs, 3),
        redisCpuCores: round(sat.cpuSeconds / (sat.at / 1000), 2),
        clientCpuMsPerJob: round((cpuSat.user + cpuSat.system) / 1000 / satJobs, 3),
        clientCpuCores: round((cpuSat.user + cpuSat.system) / 1e6 / (sat.at / 1000), 2),
      },
      latency,
      memory: { bytesPerKeptJob: Math.round(bytesPerKeptJob), keptJobs: settled, redisUsedBytesBefore: Math.round(memoryBefore.usedMemory) },
      discovery,
      idle: {
        clientCommandsPerSecondPerEngine: round(idleSent / idleSeconds / settings.engines, 3),
        redisCommandsPerSecondPerEngine: round(idle.commands / idleSeconds / settings.engines, 2),
        redisCpuMsPerSecondPerEngine: round((idle.cpuSeconds * 1000) / idleSeconds / settings.engines, 3),
        clientCpuMsPerSecondPerEngine: round((cpuIdle.user + cpuIdle.system) / 1000 / idleSeconds / settings.engines, 3),
        clientRssKibPerEngine: Math.round((rssEngines - rssBefore) / 1024 / settings.engines),
        redisBytesPerIdleEngine: Math.round((idleStart.usedMemory - idleBefore.usedMemory) / settings.engines),
      },
    };
  } finally {
    await fleet.close();
    probe.close();
  }
}

async function main(): Promise<void> {
  const settings = options();
  const cleanup = new Cleanup();
  const results = [];
  try {
    for (const name of settings.targets) {
      const target = await startTarget(name, cleanup);
      results.push(await measureTarget(target, settings));
    }
  } finally {
    await cleanup.run();
  }
  const report = { at: new Date().toISOString(), node: process.version, cores: (await import("node:os")).cpus().length, settings, results };
  await mkdir("bench-results", { recursive: true });
  const out = `bench-results/fleet-${report.at.replace(/[:.]/g, "-")}.json`;
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  for (const result of results) {
    const { saturation: s, latency, memory, discovery, idle } = result;
    process.stdout.write(
      [
        `${result.target} (${result.masters} master${result.masters > 1 ? "s" : ""}), ${result.engines} engines`,
        `  saturation: ${s.jobsPerSecond} jobs/s; per job ${s.clientCommandsPerJob} commands sent (Redis ran ${s.redisCommandsPerJob}, scripts' calls included) and ${s.redisCpuMsPerJob} ms Redis CPU (${s.redisCpuCores} cores); client ${s.clientCpuMsPerJob} ms CPU per job (${s.clientCpuCores} cores)`,
        ...Object.entries(latency).map(
          ([share, l]) => `  latency at ${share} (${l.rate} jobs/s): p50 ${l.p50} ms, p99 ${l.p99} ms, max ${l.max} ms (${l.count} jobs)`,
        ),
        `  memory: ${memory.bytesPerKeptJob} bytes per finished job kept (${memory.keptJobs} kept)`,
        ...discovery.map((d) => `  ${d.engines} engine queues: dehandler status ${d.statusSeconds} s, board discovery ${d.discoverySeconds} s`),
        `  idle per engine: ${idle.clientCommandsPerSecondPerEngine} commands/s sent, Redis ${idle.redisCpuMsPerSecondPerEngine} ms CPU/s; client ${idle.clientCpuMsPerSecondPerEngine} ms CPU/s, ${idle.clientRssKibPerEngine} KiB RSS; ${idle.redisBytesPerIdleEngine} bytes of Redis memory (mostly its connections)`,
        "",
      ].join("\n"),
    );
  }
  process.stdout.write(`full results: ${out}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`fleet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
