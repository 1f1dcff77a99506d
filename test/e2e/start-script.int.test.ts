import { readFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { describeContainer, startContainer } from "../harness/containers.js";
import type { Stack } from "../harness/stack.js";
import { scriptsDir, writeScript } from "../harness/temp-dir.js";
import { createRunContainer, startRunContainer } from "../harness/test-containers.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

// The script appends one line per run: what it was given, so the test sees how often it ran.
async function writeRecordingScript(dir: string, containerName: string): Promise<string> {
  const record = join(dir, "runs.log");
  const script = join(dir, `start.${containerName}`);
  await writeScript(script, `#!/bin/sh\necho "id=$CONTAINER_ID name=$CONTAINER_NAME pid=$CONTAINER_PID secret=\${REDIS_URL:-none}" >> '${record}'\n`);
  return record;
}

/** A recording start script for a new container name, and a started stack that runs the scripts of its folder. */
async function recordingStack(prefix: string): Promise<{ name: string; record: string; stack: Stack }> {
  const dir = await scriptsDir(t.cleanup);
  const name = t.unique(prefix);
  const record = await writeRecordingScript(dir, name);
  return { name, record, stack: await t.startStack({ env: { DEHANDLER_SCRIPTS_DIR: dir } }) };
}

async function runs(record: string): Promise<string[]> {
  const text = await readFile(record, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line.length > 0);
}

describe("start scripts", () => {
  it("runs start.<name> once, with the container's id, name and pid, for a name with dots", async () => {
    const { name, record, stack } = await recordingStack("web.v2.example");

    const container = await startRunContainer(t, { name });
    const job = await stack.finished(container);
    expect(job.returnValue).toMatchObject({ outcome: "configured", script: "ran" });
    expect(await runs(record)).toEqual([`id=${container.id} name=${name} pid=${container.pid} secret=none`]);

    // Restarting the watcher replays the start (sweep): the job id is the same, nothing runs again.
    await stack.stopWatcher();
    await stack.startWatcher();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await runs(record)).toHaveLength(1);
  });

  it("fails the job with the script's output when the script exits non-zero", async () => {
    const dir = await scriptsDir(t.cleanup);
    const name = t.unique("failing");
    const script = join(dir, `start.${name}`);
    await writeScript(script, "#!/bin/sh\necho 'cannot reach the vpn' >&2\nexit 3\n");
    const stack = await t.startStack({ env: { DEHANDLER_SCRIPTS_DIR: dir, DEHANDLER_JOB_ATTEMPTS: "1" } });

    const container = await startRunContainer(t, { name });
    const entry = await stack.deadLetterEntry(container);
    expect(entry).toMatchObject({ errorName: "ScriptError", exitCode: 3, argv: [script] });
    expect(entry.output).toContain("cannot reach the vpn");
  });

  it("kills a script that runs past its timeout, with the children it started", async () => {
    const dir = await scriptsDir(t.cleanup);
    const name = t.unique("hanging");
    const script = join(dir, `start.${name}`);
    const childPidFile = join(dir, "child.pid");
    await writeScript(script, `#!/bin/sh\nsleep 300 &\necho $! > '${childPidFile}'\nsleep 300\n`);
    const stack = await t.startStack({ env: { DEHANDLER_SCRIPTS_DIR: dir, DEHANDLER_JOB_ATTEMPTS: "1", DEHANDLER_SCRIPT_TIMEOUT_MS: "1000" } });

    const started = Date.now();
    const container = await startRunContainer(t, { name });
    const entry = await stack.deadLetterEntry(container);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(entry.reason).toContain("timed out");
    const childPid = Number(await readFile(childPidFile, "utf8"));
    await waitFor(() => !isAlive(childPid), { what: `background child ${childPid} to be killed`, timeoutMs: 5000 });
  });

  it("does not wait for a background process the script leaves running, and leaves it alone", async () => {
    const dir = await scriptsDir(t.cleanup);
    const name = t.unique("daemon");
    const daemonPidFile = join(dir, "daemon.pid");
    const script = join(dir, `start.${name}`);
    // The daemon keeps the script's output pipe open: the job must end when the script does.
    await writeScript(script, `#!/bin/sh\nsleep 30 &\necho $! > '${daemonPidFile}'\necho started\n`);
    const stack = await t.startStack({ env: { DEHANDLER_SCRIPTS_DIR: dir } });

    const container = await startRunContainer(t, { name });
    expect((await stack.finished(container, 10_000)).returnValue).toMatchObject({ outcome: "configured", script: "ran" });
    const daemonPid = Number(await waitFor(() => readFile(daemonPidFile, "utf8"), { what: "the daemon's pid" }));
    t.cleanup.defer(`daemon ${daemonPid}`, () => Promise.resolve(process.kill(daemonPid, "SIGKILL")));
    expect(isAlive(daemonPid)).toBe(true);
  });

  it("a script printing 1 GiB is drained to the end: nothing on disk, its last bytes in the dead-letter entry", async () => {
    const dir = await scriptsDir(t.cleanup);
    const temp = await scriptsDir(t.cleanup);
    const name = t.unique("chatty");
    const script = join(dir, `start.${name}`);
    await writeScript(script, "#!/bin/sh\nhead -c 1073741824 /dev/zero | tr '\\0' x\necho THE-END\nexit 3\n");
    // Anything written to a temporary file would land in the worker's TMPDIR.
    const stack = t.stack({ env: { DEHANDLER_SCRIPTS_DIR: dir, TMPDIR: temp, DEHANDLER_JOB_ATTEMPTS: "1" } });
    await stack.spawn("watcher");
    await stack.spawn("worker", { TMPDIR: temp });
    const container = await startRunContainer(t, { name });
    // What the worker keeps on disk, sampled while the script prints.
    let mostOnDisk = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        mostOnDisk = Math.max(mostOnDisk, await bytesUnder(temp));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const entry = await stack.deadLetterEntry(container, 60_000).finally(() => void (sampling = false));
    await sampler;
    expect(mostOnDisk).toBeLessThan(1024 * 1024);
    expect(entry).toMatchObject({ errorName: "ScriptError", exitCode: 3 });
    expect(entry.output?.endsWith("xxxxxxxxTHE-END\n")).toBe(true);
    expect(entry.reason).toMatch(/exited with 3: x+THE-END$/);
    expect(await readdir(temp)).toEqual([]);
  });

  it("scripts are started by the worker's spawner helper, and a worker killed mid-script takes its script with it", async () => {
    const dir = await scriptsDir(t.cleanup);
    const name = t.unique("spawned");
    const pidFile = join(dir, "script.pid");
    const script = join(dir, `start.${name}`);
    await writeScript(script, `#!/bin/sh\necho "$$ $PPID" > '${pidFile}'\nsleep 60\n`);
    const stack = t.stack({ env: { DEHANDLER_SCRIPTS_DIR: dir } });
    await stack.spawn("watcher");
    const worker = await stack.spawn("worker");
    await startRunContainer(t, { name });
    const [scriptPid, parentPid] = (await waitFor(() => readFile(pidFile, "utf8"), { what: "the script to start" })).trim().split(" ").map(Number);
    t.cleanup.defer(`script ${scriptPid}`, () => Promise.resolve(isAlive(scriptPid!) && process.kill(scriptPid!, "SIGKILL")));
    // The script's parent is the spawner, a child of the worker: the worker itself forks nothing.
    expect(parentPid).not.toBe(worker.pid);
    expect(parentOf(parentPid!)).toBe(worker.pid);

    worker.kill("SIGKILL");
    await worker.exited();
    await waitFor(() => !isAlive(scriptPid!), { what: "the script to be killed with its worker", timeoutMs: 10_000 });
  });

  it("does not hold up other containers while one container's script is slow", async () => {
    const dir = await scriptsDir(t.cleanup);
    const slowName = t.unique("slow");
    const slowScript = join(dir, `start.${slowName}`);
    await writeScript(slowScript, "#!/bin/sh\nsleep 8\n");
    const stack = await t.startStack({ env: { DEHANDLER_SCRIPTS_DIR: dir, DEHANDLER_CONCURRENCY: "4", DEHANDLER_SHUTDOWN_TIMEOUT_MS: "1000" } });

    const slow = await startRunContainer(t, { name: slowName });
    await waitFor(async () => (await stack.queues.job(await stack.jobIdOf(slow)))?.state === "active", { what: "the slow job to be running" });
    const quick = await startRunContainer(t, {
      name: t.unique("quick"),
      labels: { "docker-events.address": "add 192.0.2.33/32 dev lo" },
    });
    expect((await stack.finished(quick, 10_000)).returnValue).toMatchObject({ outcome: "configured", applied: 1 });
    expect((await stack.queues.job(await stack.jobIdOf(slow)))?.state).toBe("active");
  });

  it("runs the script again when the container restarts", async () => {
    const { name, record, stack } = await recordingStack("restarting");

    const created = await createRunContainer(t, { name });
    const first = await startContainer(created);
    await stack.finished(first);
    await created.restart({ t: 0 });
    const second = await describeContainer(created);
    expect(second.startedAt).not.toBe(first.startedAt);
    expect((await stack.finished(second)).returnValue).toMatchObject({ outcome: "configured", script: "ran" });
    expect(await runs(record)).toHaveLength(2);
  });
});

/** Running, not merely a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The parent pid of a running process, from /proc/<pid>/stat (the field after the state). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

/** Bytes in the files under `dir` (recursively). */
async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
