import { readdir, readFile, writeFile } from "node:fs/promises";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Bull Board's page links a stylesheet on fonts.googleapis.com in its head, which blocks the
  // first render: with no internet, Chromium's own resolver can wait seconds for an answer that
  // never comes (an empty page at the 15 s timeout, seen once in CI). Names fail at once here;
  // the board is reached by its address, 127.0.0.1.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
];

/**
 * How far ahead of the host's other work the test's browser runs. A page of the board costs
 * Chromium about a CPU-second (Bull Board's React bundle: parse, run, render) and the board a few
 * tens of milliseconds. On a host that a benchmark keeps busy the browser gets a share of the CPU
 * like every other session, and a page takes a CPU-second divided by that share: 11-12 s at a
 * tenth of a core, past the test's 15 s below that. An operator's browser runs on the operator's
 * machine, not on the busy host, so the test's browser gets the CPU first; the board keeps the
 * ordinary priority, so what the test still sees under load is how the board answers.
 */
export const BROWSER_NICE = -10;

export interface BrowserPriority {
  pid: number;
  /** The nice value of Chromium's session autogroup; undefined where the kernel has no autogroups. */
  autogroupNice: number | undefined;
  /** True when Chromium runs in a session other than this process's (where the board runs). */
  ownSession: boolean;
}

export interface LaunchedBrowser {
  browser: Browser;
  priority: BrowserPriority;
}

/**
 * Chromium as the board's browser test runs it: headless, and (with `prioritized`, the default)
 * ahead of the host's other work.
 *
 * With autogroups on (Debian's default) the scheduler first shares the CPU between sessions, and
 * a nice value only counts among the processes of one session; Chromium sets its threads' nice
 * values itself, too. So the setting that counts is the nice value of the browser's session's
 * autogroup. Playwright starts Chromium in a session of its own, which holds nothing else: raising
 * it raises the browser alone, never this process and the board in it. Needs root (CAP_SYS_NICE);
 * without it the browser keeps the ordinary priority and `priority` says so.
 */
export async function launchBrowser(options: { prioritized: boolean } = { prioritized: true }): Promise<LaunchedBrowser> {
  const before = new Set(await chromiumChildren());
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const pid = (await chromiumChildren()).find((child) => !before.has(child));
    if (pid === undefined) throw new Error("expected Chromium as a child process of this one after launching it, found none");
    let priority = await priorityOf(pid);
    if (options.prioritized && priority.ownSession && priority.autogroupNice !== undefined) {
      await writeFile(`/proc/${pid}/autogroup`, String(BROWSER_NICE)).catch(() => undefined);
      priority = await priorityOf(pid);
    }
    return { browser, priority };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

interface ProcStat {
  ppid: number;
  session: number;
}

async function procStat(pid: number): Promise<ProcStat | undefined> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  // After "pid (comm) " come state, ppid, pgrp, session, ...
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { ppid: Number(fields[1]), session: Number(fields[3]) };
}

async function chromiumChildren(): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if ((await procStat(pid))?.ppid !== process.pid) continue;
    const comm = await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "");
    if (comm.trim() === "chromium") children.push(pid);
  }
  return children;
}

async function priorityOf(pid: number): Promise<BrowserPriority> {
  const [browser, self] = await Promise.all([procStat(pid), procStat(process.pid)]);
  if (browser === undefined || self === undefined) throw new Error(`expected /proc/${pid}/stat and /proc/${process.pid}/stat, one is missing`);
  const autogroup = await readFile(`/proc/${pid}/autogroup`, "utf8").catch(() => undefined);
  const nice = autogroup === undefined ? undefined : /nice (-?\d+)/.exec(autogroup)?.[1];
  return { pid, autogroupNice: nice === undefined ? undefined : Number(nice), ownSession: browser.session !== self.session };
}
