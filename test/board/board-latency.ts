// Where a page load of the board spends its time, idle or on a busy host (not part of `npm test`):
// curl's timings for the board's HTML, its static bundles and /api/queues (a process of its own,
// as an operator's browser is), then real Chromium page loads as the browser test makes them (the
// queue list, then a failed job), with the CPU the board and the browser spent on each.
//
//   npx tsx test/board/board-latency.ts
//
//   LATENCY_LOAD (0)         busy loops, each in a session of its own as a benchmark's processes are
//   LATENCY_BROWSER          "prioritized" (default: as the browser test runs it) or "plain"
//   LATENCY_ROUNDS (3)       page loads, each in a fresh browser context; curl samples per URL
//   LATENCY_REQUESTS         set it to print every request of the first round with its timing
//   REDIS_URL                a Redis to use; a private redis-server when unset
import { engineQueueNames } from "@dehandler/contract";
import { Queue, Worker } from "bullmq";
import { execa } from "execa";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { Page, Request } from "playwright-core";
import { loadBoardConfig } from "../../apps/board/src/config.js";
import { createBoard, type Board } from "../../apps/board/src/create-board.js";
import { freePort, startRedisServer } from "../harness/redis-server.js";
import { launchBrowser } from "./browser.js";

const USER = "operator";
const PASSWORD = "latency-pass";
const JOB_ID = "latency-1";
const REASON = "RTNETLINK answers: Network is unreachable";

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}: expected a whole number, got ${JSON.stringify(raw)}`);
  return value;
}

const load = setting("LATENCY_LOAD", 0);
const rounds = Math.max(1, setting("LATENCY_ROUNDS", 3));
const browserMode = process.env.LATENCY_BROWSER ?? "prioritized";
if (browserMode !== "prioritized" && browserMode !== "plain")
  throw new Error(`LATENCY_BROWSER: expected "prioritized" or "plain", got ${JSON.stringify(browserMode)}`);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const cpuMs = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1000;

/** CPU seconds of a process and every process below it (Chromium's browser process: all of Chromium). */
async function treeCpuSeconds(root: number): Promise<number> {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const text = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    if (fields.length > 12) stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  let ticks = stats.get(root)?.ticks ?? 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    for (const [child, stat] of stats) {
      if (stat.ppid !== pid) continue;
      ticks += stat.ticks;
      pending.push(child);
    }
  }
  return ticks / 100; // USER_HZ
}

async function curlTimes(url: string): Promise<{ firstByte: number; total: number; bytes: number; status: string }> {
  const { stdout } = await execa("curl", [
    "-s",
    "-o",
    "/dev/null",
    "-u",
    `${USER}:${PASSWORD}`,
    "-w",
    "%{time_starttransfer} %{time_total} %{size_download} %{http_code}",
    url,
  ]);
  const [firstByte, total, bytes, status] = stdout.trim().split(" ");
  return { firstByte: Number(firstByte) * 1000, total: Number(total) * 1000, bytes: Number(bytes), status: status ?? "" };
}

async function seed(redisUrl: string): Promise<{ engineId: string; startQueue: string; queues: Queue[] }> {
  const names = [engineQueueNames(`latency-${process.pid}-a`), engineQueueNames(`latency-${process.pid}-b`)];
  const queues = names.flatMap((engine) => [engine.jobs, engine.deadLetter]).map((name) => new Queue(name, { connection: { url: redisUrl } }));
  for (const queue of queues) await queue.add("start", { containerId: "0123456789ab" }, { jobId: JOB_ID });
  const [first] = names;
  if (first === undefined) throw new Error("expected two engines");
  const failing = new Worker(first.jobs, () => Promise.reject(new Error(REASON)), { connection: { url: redisUrl } });
  await new Promise((resolve) => failing.once("failed", resolve));
  await failing.close();
  return { engineId: first.engineId, startQueue: first.jobs, queues };
}

interface PageLoad {
  shownMs: number;
  testProcessCpuMs: number;
  browserCpuS: number;
  requests: string[];
}

/** Opens `url` and waits until `text` shows, timing every request the page makes meanwhile. */
async function loadPage(page: Page, url: string, text: string, browserPid: number): Promise<PageLoad> {
  const requests: string[] = [];
  const started = Date.now();
  const onFinished = (request: Request): void => {
    const timing = request.timing();
    const path = request.url().replace(new URL(url).origin, "").slice(0, 64);
    requests.push(
      `      ${String(Date.now() - started).padStart(6)} ms  ${path.padEnd(64)} first byte after ${timing.responseStart.toFixed(0)} ms, body ${(timing.responseEnd - timing.responseStart).toFixed(0)} ms`,
    );
  };
  const onFailed = (request: Request): void => {
    requests.push(
      `      ${String(Date.now() - started).padStart(6)} ms  ${request.url().slice(0, 64).padEnd(64)} failed: ${request.failure()?.errorText ?? ""}`,
    );
  };
  page.on("requestfinished", onFinished);
  page.on("requestfailed", onFailed);
  const cpu = process.cpuUsage();
  const browserCpu = await treeCpuSeconds(browserPid);
  await page.goto(url);
  await page.getByText(text).first().waitFor({ timeout: 120_000 });
  const shownMs = Date.now() - started;
  const result = { shownMs, testProcessCpuMs: cpuMs(process.cpuUsage(cpu)), browserCpuS: (await treeCpuSeconds(browserPid)) - browserCpu, requests };
  page.off("requestfinished", onFinished);
  page.off("requestfailed", onFailed);
  return result;
}

async function measure(board: Board, seeded: { engineId: string; startQueue: string }): Promise<void> {
  const html = await (
    await fetch(board.url, { headers: { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}` } })
  ).text();
  const assets = [...html.matchAll(/(?:src|href)="(static\/[^"]+\.(?:js|css))"/g)].map((match) => match[1] ?? "");
  console.log(`curl, median of ${rounds} (first byte / total):`);
  for (const target of ["", ...assets, "api/queues?page=1&jobsPerPage=10"]) {
    const samples = [];
    for (let round = 0; round < rounds; round += 1) samples.push(await curlTimes(new URL(target, board.url).href));
    const bytes = samples[0]?.bytes ?? 0;
    console.log(
      `  /${target.padEnd(40)} ${samples[0]?.status} ${String(bytes).padStart(7)} B  ${median(samples.map((s) => s.firstByte))
        .toFixed(0)
        .padStart(5)} / ${median(samples.map((s) => s.total))
        .toFixed(0)
        .padStart(5)} ms`,
    );
  }

  const { browser, priority } = await launchBrowser({ prioritized: browserMode === "prioritized" });
  console.log(`chromium (${browserMode}: session autogroup nice ${priority.autogroupNice ?? "n/a"}), ${rounds} rounds:`);
  try {
    const origin = new URL(board.url).origin;
    const jobUrl = new URL(`queue/${encodeURIComponent(seeded.startQueue)}/${JOB_ID}`, board.url).href;
    const lists: number[] = [];
    const jobs: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      const context = await browser.newContext({ httpCredentials: { username: USER, password: PASSWORD }, viewport: { width: 1400, height: 1000 } });
      await context.route("**/*", (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
      const page = await context.newPage();
      page.setDefaultNavigationTimeout(120_000);
      const list = await loadPage(page, board.url, `${seeded.engineId} · container jobs`, priority.pid);
      const job = await loadPage(page, jobUrl, "Network is unreachable", priority.pid);
      await context.close();
      lists.push(list.shownMs);
      jobs.push(job.shownMs);
      for (const [what, result] of [
        ["queue list", list],
        ["failed job", job],
      ] as const) {
        console.log(
          `  round ${round}: ${what.padEnd(10)} shown after ${String(result.shownMs).padStart(6)} ms; CPU meanwhile: chromium ${result.browserCpuS.toFixed(2)} s, this process (board + playwright) ${result.testProcessCpuMs.toFixed(0)} ms`,
        );
        if (round === 1 && process.env.LATENCY_REQUESTS !== undefined) console.log(result.requests.join("\n"));
      }
    }
    console.log(`median: queue list ${median(lists)} ms, failed job ${median(jobs)} ms (${load} busy loops, browser ${browserMode})`);
  } finally {
    await browser.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), "dehandler-latency-"));
const loops: ChildProcess[] = [];
let seeded: Queue[] = [];
const redis = process.env.REDIS_URL === undefined ? await startRedisServer({ dir, port: await freePort(), appendOnly: false }) : undefined;
try {
  const redisUrl = process.env.REDIS_URL ?? redis?.url ?? "";
  const { queues, ...names } = await seed(redisUrl);
  seeded = queues;
  const board = await createBoard(
    loadBoardConfig({ REDIS_URL: redisUrl, DEHANDLER_BOARD_PORT: "0", DEHANDLER_BOARD_USER: USER, DEHANDLER_BOARD_PASSWORD: PASSWORD }),
    pino({ level: "silent" }),
  );
  try {
    // Detached: each loop leads a session of its own, as another workload's processes do. Each
    // stops by itself once this process is gone, however that happens.
    const loop = `while kill -0 ${process.pid} 2>/dev/null; do :; done`;
    for (let i = 0; i < load; i += 1) loops.push(spawn("sh", ["-c", loop], { stdio: "ignore", detached: true }));
    console.log(`board ${board.url}, ${load} busy loops`);
    await measure(board, names);
  } finally {
    await board.close();
  }
} finally {
  for (const loop of loops) loop.kill("SIGKILL");
  await Promise.allSettled(seeded.map((queue) => queue.obliterate({ force: true }).finally(() => queue.close())));
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
}
