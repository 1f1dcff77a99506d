import { connectionOptionsFor } from "@dehandler/contract";
import { loadRedisSettings } from "@dehandler/service";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startMany, type StartedContainer } from "../harness/containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { RecordingScripts } from "../harness/recording-scripts.js";
import { startSentinelGroup } from "../harness/redis-sentinel.js";
import { tempDir } from "../harness/temp-dir.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

describe("Redis Sentinel", () => {
  it("loses no start when the master is killed in a burst: every container configured after the failover, every script ran, a start after it works", async () => {
    const dir = await tempDir(t.cleanup, "/tmp/dhs-", "sentinel dir");
    const group = await startSentinelGroup(dir, t.cleanup);
    const sentinelEnv = {
      DEHANDLER_REDIS_SENTINELS: group.sentinels.map((node) => `${node.host}:${node.port}`).join(","),
      DEHANDLER_REDIS_SENTINEL_NAME: group.masterName,
    };
    const scripts = await RecordingScripts.create(t.cleanup);
    const prefix = t.unique("sent");
    const count = 30;
    for (let i = 0; i <= count; i += 1) await scripts.add(`${prefix}-${i}`);
    // The stack's own clients read the same settings as the processes.
    const connection = connectionOptionsFor(loadRedisSettings(sentinelEnv));
    // REDIS_URL empty: the processes must find the master through the sentinels alone.
    const stack = t.stack({
      connection,
      env: { ...sentinelEnv, REDIS_URL: "", DEHANDLER_SCRIPTS_DIR: scripts.dir, DEHANDLER_LOCK_DURATION_MS: "3000" },
    });
    const worker = await stack.spawn("worker");
    const watcher = await stack.spawn("watcher");
    const spec = (index: number) => ({
      name: `${prefix}-${index}`,
      image: t.image,
      labels: { ...t.runLabels, "docker-events.address": `add 10.253.0.${index + 1}/32 dev lo` },
    });

    const firstMaster = await group.masterPort();
    const firstHalf = await startMany(t.docker, t.cleanup, count / 2, spec, 4);
    // The master dies while the second half is starting.
    const secondHalf = startMany(t.docker, t.cleanup, count / 2, (i) => spec(i + count / 2), 4);
    const killedAt = Date.now();
    await group.killMaster();
    const burst: StartedContainer[] = [...firstHalf, ...(await secondHalf)];

    await waitFor(async () => (await group.masterPort()) !== firstMaster, { timeoutMs: 30_000, what: "a sentinel to promote the replica" });
    const promotedAfterMs = Date.now() - killedAt;
    for (const [index, container] of burst.entries()) {
      await waitFor(async () => (await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).includes(`10.253.0.${index + 1}/32`), {
        timeoutMs: 90_000,
        what: `the address of ${container.name} after the failover`,
      });
    }
    await waitFor(async () => (await scripts.runs()).size >= count, { timeoutMs: 60_000, what: "every start script to have run" });
    const runs = await scripts.runs();
    for (const container of burst) expect(runs.get(container.name)).toBeGreaterThanOrEqual(1);
    // Only what was in flight when the master died may have run twice (its job replayed or lost).
    const twice = [...runs.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(8);
    for (const n of runs.values()) expect(n).toBeLessThanOrEqual(2);

    // A start after the failover, through the promoted master.
    const [after] = await startMany(t.docker, t.cleanup, 1, () => spec(count));
    if (after === undefined) throw new Error("no container started");
    expect(await stack.finished(after, 60_000)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    expect(await ipInNetnsOf(after.pid, ["address", "show", "dev", "lo"])).toContain(`10.253.0.${count + 1}/32`);
    expect((await scripts.runs()).get(after.name)).toBe(1);

    expect(worker.running).toBe(true);
    expect(watcher.running).toBe(true);
    expect(watcher.withMessage("redis connection made again; resubscribing from the last queued event and sweeping").length).toBeGreaterThanOrEqual(
      1,
    );
    console.log(`sentinel failover: replica promoted ${promotedAfterMs} ms after the master was killed; ${twice} start script(s) ran twice`);
  }, 240_000);
});
