import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBoardConfig } from "../../apps/board/src/config.js";
import { useIntegration } from "../harness/context.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { waitFor } from "../harness/wait-for.js";
import { authorization, failedStart, KERNEL_REFUSAL, listedQueues, PASSWORD, startBoard, USER, waitUntilListed } from "./board-harness.js";
import { BROWSER_NICE, CHROMIUM, launchBrowser } from "./browser.js";

const t = useIntegration();

// Only a developer's machine may lack the browser; in CI a missing browser must fail the test.
const skipBrowser = !existsSync(CHROMIUM) && !process.env.CI;
if (skipBrowser) console.warn(`board browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium); it never skips when CI is set`);

describe("board", () => {
  it.skipIf(skipBrowser)("shows a failed start's kernel error in a real browser, with both queues of the engine listed", async () => {
    const board = await startBoard(t);
    const failed = await failedStart(t);
    await waitUntilListed(board, [failed.names.jobs, failed.names.deadLetter]);

    const { browser, priority } = await launchBrowser();
    t.cleanup.defer("browser", () => browser.close());
    // On a busy host it is the browser that runs out of time, not the board (see browser.ts):
    // the browser alone, in a session of its own, runs ahead of the host's other work. Raising
    // it needs root, as the rest of these tests do; a kernel without autogroups has none to raise.
    expect(priority.ownSession).toBe(true);
    if (process.getuid?.() === 0 && priority.autogroupNice !== undefined) expect(priority.autogroupNice).toBe(BROWSER_NICE);
    else if (priority.autogroupNice !== BROWSER_NICE)
      console.warn("board browser test: Chromium runs at the ordinary priority; on a busy host its pages may take longer than the test waits");
    const context = await browser.newContext({ httpCredentials: { username: USER, password: PASSWORD }, viewport: { width: 1400, height: 1000 } });
    // Bull Board's page asks Google Fonts for its typeface; offline, that request hangs and the
    // screenshot waits on fonts. Only the board itself is reachable here.
    const origin = new URL(board.url).origin;
    await context.route("**/*", (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
    const page = await context.newPage();

    await page.goto(board.url);
    await expect.poll(() => page.locator("body").innerText(), { timeout: 15_000 }).toContain(`${failed.names.engineId} · container jobs`);
    expect(await page.locator("body").innerText()).toContain(`${failed.names.engineId} · dead letters`);

    // The failed start job: its reason carries the part and the kernel's stderr.
    await page.goto(new URL(`queue/${encodeURIComponent(failed.names.jobs)}/${encodeURIComponent(failed.jobId)}`, board.url).href);
    await expect.poll(() => page.locator("body").innerText(), { timeout: 15_000 }).toMatch(KERNEL_REFUSAL);
    const startShot = join(await mkdtemp(join(tmpdir(), "dehandler-board-")), "failed-start-job.png");
    await page.screenshot({ path: startShot, fullPage: true });
    console.log(`screenshot of the failed start job: ${startShot}`);

    // Its dead-letter entry: container, label, part, command, exit code and stderr as data.
    await page.goto(new URL(`queue/${encodeURIComponent(failed.names.deadLetter)}/${encodeURIComponent(failed.jobId)}`, board.url).href);
    await expect.poll(() => page.locator("body").innerText(), { timeout: 15_000 }).toMatch(KERNEL_REFUSAL);
    const text = await page.locator("body").innerText();
    expect(text).toContain(failed.container.name);
    expect(text).toContain("docker-events.route");
    const entryShot = join(await mkdtemp(join(tmpdir(), "dehandler-board-")), "dead-letter-entry.png");
    await page.screenshot({ path: entryShot, fullPage: true });
    console.log(`screenshot of the dead-letter entry: ${entryShot}`);
  });

  it("retries a failed start from the board's API, and the job runs again and succeeds once its cause is fixed", async () => {
    const board = await startBoard(t);
    const failed = await failedStart(t);
    await waitUntilListed(board, [failed.names.jobs]);
    expect(await failed.stack.queues.job(failed.jobId)).toMatchObject({ state: "failed", attemptsMade: 1 });

    // The cause: no interface reaches the gateway. Giving eth0 an address beside it mends that.
    await ipInNetnsOf(failed.container.pid, ["address", "add", "10.99.0.2/24", "dev", "eth0"]);
    // The same call the UI's Retry button makes.
    const retry = await fetch(new URL(`api/queues/${encodeURIComponent(failed.names.jobs)}/${encodeURIComponent(failed.jobId)}/retry`, board.url), {
      method: "PUT",
      headers: { authorization: authorization() },
    });
    expect(retry.status).toBe(204);

    const rerun = await waitFor(
      async () => {
        const job = await failed.stack.queues.job(failed.jobId);
        return job?.state === "completed" || (job?.state === "failed" && job.attemptsMade > 1) ? job : undefined;
      },
      { timeoutMs: 30_000, what: `job ${failed.jobId} to run again` },
    );
    expect(rerun).toMatchObject({ state: "completed", attemptsMade: 2, returnValue: { outcome: "configured" } });
    // The worker drops the dead-letter entry of a job that succeeded on its retry.
    expect(await failed.stack.deadLetter.get(failed.jobId)).toBeUndefined();
    expect(await ipInNetnsOf(failed.container.pid, ["route", "show", "10.9.0.0/24"])).toContain("via 10.99.0.1");
  });

  it("adds queues that appear after it started and drops obliterated ones, without a restart", async () => {
    const board = await startBoard(t);
    const stack = await t.startStack();
    await stack.deadLetter.add({
      jobId: "board-probe",
      container: { id: "0123456789ab", name: "probe" },
      startedAt: new Date().toISOString(),
      failedAt: new Date().toISOString(),
      attemptsMade: 1,
      permanent: true,
      reason: "probe",
      errorName: "Error",
    });
    const names = stack.queues.names;
    await waitUntilListed(board, [names.jobs, names.deadLetter]);
    await stack.queues.obliterate();
    await waitFor(async () => !(await listedQueues(board)).includes(names.deadLetter), {
      timeoutMs: 10_000,
      what: `${names.deadLetter} to leave the board`,
    });
  });

  it("answers 401 with a challenge to a request without credentials or with a wrong password", async () => {
    const board = await startBoard(t);
    const bare = await fetch(board.url);
    expect(bare.status).toBe(401);
    expect(bare.headers.get("www-authenticate")).toMatch(/^Basic realm="dehandler board"/);
    expect((await fetch(new URL("api/queues", board.url))).status).toBe(401);
    expect((await fetch(board.url, { headers: { authorization: authorization(USER, "wrong") } })).status).toBe(401);
    expect((await fetch(board.url, { headers: { authorization: authorization() } })).status).toBe(200);
  });

  it("refuses to bind a non-loopback address without credentials: a config error, one line, exit 2", async () => {
    expect(() => loadBoardConfig({ DEHANDLER_BOARD_HOST: "0.0.0.0" })).toThrow(
      /^DEHANDLER_BOARD_HOST: expected 127\.0\.0\.1, ::1 or localhost unless/,
    );
    expect(() => loadBoardConfig({ DEHANDLER_BOARD_HOST: "0.0.0.0", DEHANDLER_BOARD_USER: USER })).toThrow(
      /^DEHANDLER_BOARD_PASSWORD: expected to be set together/,
    );
    expect(loadBoardConfig({ DEHANDLER_BOARD_HOST: "::1" }).DEHANDLER_BOARD_HOST).toBe("::1");

    const result = await execa(process.execPath, ["apps/board/dist/main.js"], {
      env: { PATH: process.env.PATH ?? "", REDIS_URL: t.redisUrl, DEHANDLER_BOARD_HOST: "0.0.0.0" },
      extendEnv: false,
      reject: false,
      timeout: 15_000,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^dehandler-board: DEHANDLER_BOARD_HOST: expected .*, got "0\.0\.0\.0"$/),
    ]);
  });
});
