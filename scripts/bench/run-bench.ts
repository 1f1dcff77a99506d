// Benchmark: bursts of labeled containers started on the real engine, with no handler (Docker's
// own start time), then with a fresh watcher and worker for each of the worker's ip executors
// (DEHANDLER_IP_EXECUTOR=batch / per-part). Prints a table to stdout and writes the full JSON to
// BENCH_OUT, by default bench-results/bench-<iso time>.json (bench-results/ is git-ignored).
//
//   BENCH_N (100) containers per burst, BENCH_CONCURRENCY (10) start requests in flight,
//   BENCH_ROUNDS (3) rounds of the three modes (order rotated each round), BENCH_IDLE_SECONDS (5), BENCH_SETTLE_SECONDS (10).
//
// Needs root (the worker enters network namespaces and adds host routes in 198.18.0.0/15).
import { randomBytes } from "node:crypto";
import { Cleanup } from "../../test/harness/cleanup.js";
import { dockerFromHost, ensureDockerEngine } from "../../test/harness/docker-engine.js";
import { ensureRedis } from "../../test/harness/redis-server.js";
import { ensureTestImage } from "../../test/harness/test-image.js";
import { BenchConfigError, loadBenchConfig, MODES, modesForRound, type BenchConfig } from "./bench-config.js";
import { HOST_ROUTE_RANGE } from "./bench-labels.js";
import { abortOnSignals } from "./interrupt.js";
import { machineInfo } from "./machine-info.js";
import type { PhaseResult } from "./phase-result.js";
import { clockTicksPerSecond } from "./process-usage.js";
import { METHOD, phaseLine, renderReport, writeReportJson } from "./report.js";
import { runPhase, type PhaseContext } from "./run-phase.js";
import { summarize } from "./summary.js";

function configOrExit(): BenchConfig {
  try {
    return loadBenchConfig(process.env);
  } catch (error) {
    if (!(error instanceof BenchConfigError)) throw error;
    process.stderr.write(`bench: ${error.message}\n`);
    process.exit(2);
  }
}

async function bench(config: BenchConfig, runId: string, signal: AbortSignal, environment: Cleanup): Promise<void> {
  const startedAt = new Date().toISOString();
  const engine = await ensureDockerEngine();
  environment.defer("docker engine", () => engine.stop());
  const redis = await ensureRedis();
  environment.defer("redis", () => redis.stop());
  const docker = dockerFromHost(engine.dockerHost);
  const context: PhaseContext = {
    docker,
    image: await ensureTestImage(docker),
    dockerHost: engine.dockerHost,
    redisUrl: redis.redisUrl,
    runId,
    config,
    ticksPerSecond: await clockTicksPerSecond(),
    signal,
  };
  const machine = await machineInfo(docker);

  const phases: PhaseResult[] = [];
  for (let round = 1; round <= config.rounds; round += 1) {
    for (const mode of modesForRound(round - 1)) {
      signal.throwIfAborted();
      const phase = await runPhase(context, { round, seq: phases.length + 1, mode });
      phases.push(phase);
      process.stderr.write(`bench: ${phaseLine(phase)}\n`);
    }
  }

  const report = {
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    config,
    machine,
    method: METHOD,
    phases,
    summary: summarize(phases, MODES),
  };
  const path = await writeReportJson(report, config.outFile);
  process.stdout.write(renderReport(report));
  process.stdout.write(`\nJSON: ${path}\n`);
}

const config = configOrExit();
const runId = randomBytes(4).toString("hex");
const controller = new AbortController();
abortOnSignals(controller, `containers and networks named bench-${runId}-*, host routes in ${HOST_ROUTE_RANGE}, queues dehandler.bench-${runId}-*`);
const environment = new Cleanup();
try {
  await bench(config, runId, controller.signal, environment);
} catch (error) {
  if (controller.signal.aborted) {
    process.stderr.write(`bench: ${(controller.signal.reason as Error).message}; no figures\n`);
    process.exitCode = 130;
  } else {
    process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
} finally {
  await environment.run().catch((error: unknown) => {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode ||= 1;
  });
}
