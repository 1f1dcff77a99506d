import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../harness/cli-command.js";
import { useIntegration } from "../harness/context.js";
import { startMany, type ContainerSpec, type StartedContainer } from "../harness/containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { RecordingScripts } from "../harness/recording-scripts.js";
import type { Stack } from "../harness/stack.js";
import { runContainerSpec } from "../harness/test-containers.js";
import { writeScript } from "../harness/temp-dir.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

/** A labeled container whose address shows whether it was configured: 10.250.<i/250>.<i%250+1>. */
function addressOf(index: number): string {
  return `10.250.${Math.floor(index / 250)}.${(index % 250) + 1}`;
}

/** The spec of container `<prefix>-<index>`, labeled with its addressOf(index). */
function labeledSpec(prefix: string): (index: number) => ContainerSpec {
  return (index) => runContainerSpec(t, { name: `${prefix}-${index}`, labels: { "docker-events.address": `add ${addressOf(index)}/32 dev lo` } });
}

/**
 * Recording start scripts for `count` containers of labeledSpec (each sleeping `sleepSeconds`),
 * and a stack (nothing started yet) whose workers run them, with `env`.
 */
async function scriptedBurst(name: string, count: number, env: Record<string, string> = {}, sleepSeconds = 0) {
  const scripts = await RecordingScripts.create(t.cleanup);
  const prefix = t.unique(name);
  for (let i = 0; i < count; i += 1) await scripts.add(`${prefix}-${i}`, sleepSeconds);
  const stack = t.stack({ env: { DEHANDLER_SCRIPTS_DIR: scripts.dir, ...env } });
  return { scripts, stack, spec: labeledSpec(prefix) };
}

async function expectAllConfigured(stack: Stack, containers: StartedContainer[], timeoutMs = 60_000): Promise<void> {
  for (const [index, container] of containers.entries()) {
    const job = await stack.finished(container, timeoutMs);
    expect(job, container.name).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain(`${addressOf(index)}/32`);
  }
}

describe("faults of the processes", () => {
  it("a worker killed (SIGKILL) mid-burst of 50: a new worker takes up the stalled jobs and all 50 end up configured", async () => {
    // A short lock, so the stalled-job check hands the killed worker's jobs back within seconds.
    const { scripts, stack, spec } = await scriptedBurst("kw", 50, { DEHANDLER_LOCK_DURATION_MS: "1500", DEHANDLER_CONCURRENCY: "4" }, 0.3);
    const firstWorker = await stack.spawn("worker");
    await stack.spawn("watcher");

    const burst = startMany(t.docker, t.cleanup, 50, spec);
    await waitFor(async () => [...(await scripts.runs()).values()].length >= 8, { what: "a few jobs to finish", timeoutMs: 30_000 });
    firstWorker.kill("SIGKILL");
    expect((await firstWorker.exited()).signal).toBe("SIGKILL");
    const containers = await burst;
    await stack.spawn("worker");

    await expectAllConfigured(stack, containers);
    const runs = await scripts.runs();
    expect([...runs.keys()].sort()).toEqual(containers.map((c) => c.name).sort());
    // Only the jobs whose script was running when the worker died may have run it twice.
    const twice = [...runs.values()].filter((count) => count > 1).length;
    expect(twice).toBeLessThanOrEqual(4);
    expect(Math.max(...runs.values())).toBeLessThanOrEqual(2);
  });

  it("a job whose worker dies twice (SIGKILL during its slow start script) ends in the dead-letter queue naming both workers; dlq retry runs it", async () => {
    const scripts = await RecordingScripts.create(t.cleanup);
    const name = t.unique("dies");
    const script = join(scripts.dir, `start.${name}`);
    const starts = join(scripts.dir, "starts.log");
    // Says when it starts, then runs long enough for the worker to be killed under it.
    await writeScript(script, `#!/bin/sh\necho started >> '${starts}'\nsleep 60\n`);
    const startsSoFar = async () => (await readFile(starts, "utf8").catch(() => "")).split("\n").filter(Boolean).length;
    const stack = t.stack({ env: { DEHANDLER_SCRIPTS_DIR: scripts.dir, DEHANDLER_LOCK_DURATION_MS: "1500" } });
    await stack.spawn("watcher");
    const [container] = await startMany(t.docker, t.cleanup, 1, () => ({
      name,
      image: t.image,
      labels: { ...t.runLabels, "docker-events.address": "add 10.250.9.9/32 dev lo" },
    }));
    if (container === undefined) throw new Error("no container started");

    const killed: number[] = [];
    for (let death = 1; death <= 2; death += 1) {
      const worker = await stack.spawn("worker");
      await waitFor(async () => (await startsSoFar()) >= death, { what: `the start script to run (take ${death})`, timeoutMs: 30_000 });
      worker.kill("SIGKILL");
      await worker.exited();
      killed.push(worker.pid!);
      if (death === 1) {
        // What the operator sees meanwhile: "active 1, workers 0", and what it means.
        const status = await runCli(["status", "--engine", stack.engineId], { REDIS_URL: t.redisUrl });
        expect(status.stdout).toContain("active 1,");
        expect(status.stdout).toContain("workers 0,");
        expect(status.stdout).toMatch(
          /\n {2}1 job is held by a worker that stopped or died \(no worker of this engine is connected\)\. A worker of this engine runs it again (once its lock expires \(in [12] s at most\)|as soon as it connects \(its lock has expired\)); start one if none is running/,
        );
      }
    }
    const third = await stack.spawn("worker");
    const entry = await stack.deadLetterEntry(container, 30_000);
    expect(entry).toMatchObject({ permanent: true, errorName: "WorkerDiedError", container: { name } });
    expect(entry.reason).toMatch(/^the worker running this job died 2 times before finishing it \(/);
    for (const pid of killed) expect(entry.reason).toContain(` pid ${pid} (worker `);
    expect(entry.problems).toHaveLength(3);
    expect(entry.problems?.[2]).toContain(` pid ${third.pid} (worker `);
    expect(await startsSoFar(), "the third worker did not run the script again").toBe(2);
    const jobId = await stack.jobIdOf(container);
    expect((await stack.queues.job(jobId))?.state).toBe("failed");

    // Fixed: the script is quick now. The retry starts with no deaths counted, and configures it.
    await writeFile(script, "#!/bin/sh\nexit 0\n");
    const retry = await runCli(["dlq", "retry", jobId], { DOCKER_HOST: t.dockerHost, REDIS_URL: t.redisUrl, DEHANDLER_ENGINE_ID: stack.engineId });
    expect(retry.exitCode, retry.stderr).toBe(0);
    await waitFor(async () => (await stack.queues.job(jobId))?.state === "completed", { what: "the retried job to complete", timeoutMs: 30_000 });
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain("10.250.9.9/32");
    expect(await stack.deadLetter.list()).toEqual([]);
  });

  it("a watcher killed during a burst, with containers starting while it is down: every one configured, none twice", async () => {
    const { scripts, stack, spec } = await scriptedBurst("kwa", 30);
    await stack.spawn("worker");
    const watcher = await stack.spawn("watcher");

    const before = await startMany(t.docker, t.cleanup, 15, spec);
    watcher.kill("SIGKILL");
    await watcher.exited();
    const during = await startMany(t.docker, t.cleanup, 15, (i) => spec(i + 15));
    await stack.spawn("watcher");

    const containers = [...before, ...during];
    await expectAllConfigured(stack, containers);
    expect([...(await scripts.runs()).values()]).toEqual(new Array(30).fill(1));
    // One job handled each start; a start the sweep queued again before its event's job ran found
    // it claimed and did nothing.
    const handlers = await Promise.all(containers.map((c) => stack.jobIdOf(c)));
    expect(new Set(handlers).size).toBe(30);
    for (const jobId of await stack.queues.jobIds()) {
      if (!handlers.includes(jobId)) expect((await stack.queues.job(jobId))?.returnValue).toMatchObject({ outcome: "duplicate" });
    }
  });

  it("two workers and two watchers on one engine (a rolling restart): each start configured exactly once", async () => {
    const { scripts, stack, spec } = await scriptedBurst("two", 20);
    await Promise.all([stack.spawn("worker"), stack.spawn("worker"), stack.spawn("watcher"), stack.spawn("watcher")]);

    const containers = await startMany(t.docker, t.cleanup, 20, spec);
    await expectAllConfigured(stack, containers);
    expect([...(await scripts.runs()).values()]).toEqual(new Array(20).fill(1));
    expect(await stack.queues.jobIds()).toHaveLength(20);
  });

  it("SIGTERM during a burst: in-flight jobs finish, no new one is taken, exit 0; the rest waits for the next worker", async () => {
    const { scripts, stack, spec } = await scriptedBurst("term", 6, { DEHANDLER_CONCURRENCY: "2", DEHANDLER_SHUTDOWN_TIMEOUT_MS: "10000" }, 1.5);
    const worker = await stack.spawn("worker");
    await stack.spawn("watcher");

    const containers = await startMany(t.docker, t.cleanup, 6, spec);
    await waitFor(() => worker.withMessage("label part applied").length >= 2, { what: "two jobs in flight" });
    worker.kill("SIGTERM");
    expect(await worker.exited()).toEqual({ exitCode: 0, signal: undefined });
    expect(worker.withMessage("worker stopped")).toHaveLength(1);

    const states = await Promise.all(containers.map(async (c) => (await stack.queues.job(await stack.jobIdOf(c)))?.state));
    expect(states.filter((state) => state === "completed")).toHaveLength(2);
    expect(states.filter((state) => state === "waiting")).toHaveLength(4);
    expect([...(await scripts.runs()).values()]).toEqual([1, 1]);

    await stack.spawn("worker");
    await expectAllConfigured(stack, containers);
    expect([...(await scripts.runs()).values()]).toEqual(new Array(6).fill(1));
  });

  it("a container gone before its job runs ends the job at once as container-gone: no retry, no dead letter, one log line", async () => {
    const stack = t.stack();
    await stack.spawn("watcher");
    const [container] = await startMany(t.docker, t.cleanup, 1, labeledSpec(t.unique("gone")));
    if (container === undefined) throw new Error("no container started");
    await waitFor(async () => (await stack.queues.job(await stack.jobIdOf(container)))?.state === "waiting", { what: "the job to wait" });
    await t.docker.getContainer(container.id).remove({ force: true });

    const worker = await stack.spawn("worker");
    expect(await stack.finished(container)).toMatchObject({ state: "completed", attemptsMade: 1, returnValue: { outcome: "container-gone" } });
    expect(await stack.deadLetter.list()).toEqual([]);
    expect(worker.withMessage("container gone; nothing to configure")).toHaveLength(1);
  });
});
