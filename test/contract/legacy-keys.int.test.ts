import {
  ContainerJobPublisher,
  DeadLetterQueue,
  EngineQueueAdmin,
  engineQueueNames,
  legacyEngineQueueNames,
  migrateLegacyKeys,
  redisConnectionOptions,
  type DeadLetterEntry,
  type ContainerJob,
  type HostChange,
  QueueDiscovery,
} from "@dehandler/contract";
import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { EngineQueues } from "../harness/engine-queues.js";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();
const A = "a".repeat(64);
const B = "b".repeat(64);
const STARTED = "2026-12-03T10:00:00.123456789Z";
const ROUTE: HostChange = {
  label: "docker-events.host-route",
  part: "add 198.18.7.0/24 dev lo",
  argv: ["route", "add", "198.18.7.0/24", "dev", "lo"],
  undoArgv: ["route", "del", "198.18.7.0/24", "dev", "lo"],
};

function deadLetter(jobId: string): DeadLetterEntry {
  return {
    jobId,
    container: { id: B, name: "broken" },
    failedAt: "2026-12-03T10:00:01Z",
    attemptsMade: 3,
    permanent: true,
    reason: "bad label",
    errorName: "InvalidLabelsError",
  };
}

describe("keys of the release before the Cluster hash tag (real Redis)", () => {
  it("are moved to the hash-tagged names at start, once, with claims, ledger, waiting jobs and dead letters intact", async () => {
    const engine = t.unique("legacy");
    const connection = redisConnectionOptions(t.redisUrl);
    const legacyNames = legacyEngineQueueNames(engine);
    const names = engineQueueNames(engine);
    const redis = new Redis(t.redisUrl);
    // What the previous release wrote: the same layout under the names without a hash tag.
    const oldPublisher = new ContainerJobPublisher(legacyNames, connection, { attempts: 3, backoffMs: 100 });
    const oldDeadLetters = new DeadLetterQueue(legacyNames, connection);
    const legacy = new EngineQueues(legacyNames, connection);
    const current = new EngineQueues(names, connection);
    t.cleanup.defer("legacy and current queues", async () => {
      await Promise.allSettled([oldPublisher.close(), oldDeadLetters.close()]);
      await legacy.obliterate();
      await current.obliterate();
      await Promise.allSettled([legacy.close(), current.close()]);
      redis.disconnect();
    });
    expect(await oldPublisher.claims.claim(A, STARTED, "job-a")).toEqual({ claimed: true });
    expect(await oldPublisher.hostChanges.record(A, [ROUTE])).toEqual([true]);
    expect(await oldPublisher.hostChanges.record(B, [ROUTE])).toEqual([false]);
    const waiting = await oldPublisher.publish({
      kind: "stop",
      containerId: B,
      containerName: "broken",
      eventTime: "1796292002000000000",
      ending: "die",
      engineId: engine,
      source: "event",
      seenAt: Date.now(),
    });
    await oldDeadLetters.add(deadLetter("dead-1"));
    const [claimKey] = await redis.keys(`${legacyNames.startClaims}:*`);
    const claimTtl = claimKey === undefined ? -2 : await redis.ttl(claimKey);

    const outcome = await migrateLegacyKeys(names, connection);

    expect(outcome.jobs).toBe(1);
    expect(outcome.deadLetters).toBe(1);
    expect(outcome.keys).toBeGreaterThanOrEqual(5); // one claim; A's and B's records, the containers, the owners
    expect(await current.claims.holder(A, STARTED)).toBe("job-a");
    expect(await current.claims.claim(A, STARTED, "job-other")).toEqual({ claimed: false, holder: "job-a" });
    expect((await current.hostChanges.owners()).sort()).toEqual([A, B]);
    expect((await current.hostChanges.recorded(A)).map(({ change, sharedWith }) => [change.part, sharedWith])).toEqual([[ROUTE.part, [B]]]);
    expect((await current.job(waiting.jobId))?.state).toBe("waiting");
    const currentDeadLetters = new DeadLetterQueue(names, connection);
    t.cleanup.defer("dead-letter queue", () => currentDeadLetters.close());
    expect((await currentDeadLetters.list()).map((entry) => entry.jobId)).toEqual(["dead-1"]);

    // Nothing is left under the old names, and the claim kept its expiry.
    expect(claimTtl).toBeGreaterThan(0);
    const [movedClaim] = await redis.keys(`${names.startClaims}:*`);
    expect(await redis.ttl(movedClaim ?? "none")).toBeGreaterThan(claimTtl - 60);
    const left = await redis.keys(`*dehandler.${names.engineId}.*`);
    expect(left).toEqual([]);
    expect(await redis.exists(names.legacyKeysMigrated)).toBe(1);

    // A second start finds the marker and moves nothing.
    expect(await migrateLegacyKeys(names, connection)).toEqual({ keys: 0, jobs: 0, deadLetters: 0, queueKeys: 0 });
  });

  it("stops waiting for an unreachable Redis when the process stops", async () => {
    const controller = new AbortController();
    const unreachable = redisConnectionOptions("redis://127.0.0.1:1");
    const migration = migrateLegacyKeys(engineQueueNames(t.unique("legacy-away")), unreachable, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(migration).rejects.toThrow();
  });
});

describe("the jobs queue under its former name, container-start (real Redis)", () => {
  const startOf = (engineId: string, containerName: string, startedAt: string): ContainerJob => ({
    containerId: A,
    containerName,
    startedAt,
    engineId,
    source: "sweep",
    seenAt: Date.now(),
  });

  it("is read as an alias until a watcher or worker starts, then moved with every job's state and id kept", async () => {
    const engine = t.unique("former");
    const connection = redisConnectionOptions(t.redisUrl);
    const names = engineQueueNames(engine);
    const before = { ...names, jobs: names.formerJobs };
    const redis = new Redis(t.redisUrl);
    // What the earlier release left: a completed start, a failed one with its dead letter, a waiting one.
    const oldPublisher = new ContainerJobPublisher(before, connection, { attempts: 1, backoffMs: 100 });
    const deadLetters = new DeadLetterQueue(names, connection);
    const worker = new Worker(
      names.formerJobs,
      (job) => {
        if ((job.data as ContainerJob).containerName === "failed") throw new UnrecoverableError("bad label");
        return Promise.resolve({ outcome: "configured" });
      },
      { connection },
    );
    t.cleanup.defer("former and current queues", async () => {
      await worker.close();
      await Promise.allSettled([oldPublisher.close(), deadLetters.close()]);
      for (const queues of [before, names]) {
        const leftover = new EngineQueues(queues, connection);
        await leftover.obliterate();
        await leftover.close();
      }
      redis.disconnect();
    });
    const done = await oldPublisher.publish(startOf(engine, "done", "2026-12-03T10:00:00Z"));
    const failed = await oldPublisher.publish(startOf(engine, "failed", "2026-12-03T10:00:01Z"));
    const former = new EngineQueues(before, connection);
    t.cleanup.defer("former read side", () => former.close());
    await waitFor(async () => (await former.job(done.jobId))?.state === "completed" && (await former.job(failed.jobId))?.state === "failed", {
      what: "the two jobs to finish",
    });
    await worker.close();
    await deadLetters.add({ ...deadLetter(failed.jobId), container: { id: A, name: "failed" } });
    const waiting = await oldPublisher.publish(startOf(engine, "waiting", "2026-12-03T10:00:02Z"));

    // While only the former queue exists (no process of this release ran), the command line reads it.
    const alias = await EngineQueueAdmin.open(names, connection, () => undefined);
    expect(await alias.status()).toMatchObject({ waiting: 1, completed: 1, failed: 1, deadLetter: 1 });
    await alias.close();
    const discovery = new QueueDiscovery(connection);
    t.cleanup.defer("discovery", () => discovery.close());
    expect((await discovery.scan()).filter((ref) => ref.engineId === names.engineId)).toContainEqual({
      name: names.formerJobs,
      engineId: names.engineId,
      kind: "container-jobs",
      former: true,
    });
    // Jobs queued under the new name before the move (a watcher of this release beside one of the
    // earlier): merged, not lost; the same start queued by both stays one job, in one state.
    const newPublisher = new ContainerJobPublisher(names, connection, { attempts: 1, backoffMs: 100 });
    t.cleanup.defer("new publisher", () => newPublisher.close());
    const current = new EngineQueues(names, connection);
    t.cleanup.defer("current read side", () => current.close());
    const early = await newPublisher.publish(startOf(engine, "early", "2026-12-03T10:00:03Z"));
    expect((await newPublisher.publish(startOf(engine, "waiting", "2026-12-03T10:00:02Z"))).jobId).toBe(waiting.jobId);

    const outcome = await migrateLegacyKeys(names, connection);

    expect(outcome.queueKeys).toBeGreaterThan(5);
    expect(await redis.keys(`bull:${names.formerJobs}:*`)).toEqual([]);
    expect((await current.job(done.jobId))?.state).toBe("completed");
    expect((await current.job(failed.jobId))?.state).toBe("failed");
    expect((await current.job(waiting.jobId))?.state).toBe("waiting");
    expect((await current.job(early.jobId))?.state).toBe("waiting");
    const everyState = [
      ...(await redis.lrange(`bull:${names.jobs}:wait`, 0, -1)),
      ...(await redis.zrange(`bull:${names.jobs}:completed`, "0", "-1")),
      ...(await redis.zrange(`bull:${names.jobs}:failed`, "0", "-1")),
    ];
    expect(everyState.filter((id) => id === waiting.jobId)).toHaveLength(1);
    // The completed job's id still makes its replay a no-op; the failed one can be retried from its dead letter.
    const replay = await newPublisher.publish(startOf(engine, "done", "2026-12-03T10:00:00Z"));
    expect((await current.job(replay.jobId))?.state).toBe("completed");
    const admin = await EngineQueueAdmin.open(names, connection, () => undefined);
    t.cleanup.defer("admin", () => admin.close());
    expect(await admin.retryDeadLetter(failed.jobId)).toEqual({ outcome: "retried", jobId: failed.jobId });
    expect((await current.job(failed.jobId))?.state).toBe("waiting");
    expect((await discovery.scan()).filter((ref) => ref.engineId === names.engineId).map((ref) => ref.name)).toEqual([names.jobs, names.deadLetter]);
    // Nothing is left to move at the next start.
    expect((await migrateLegacyKeys(names, connection)).queueKeys).toBe(0);
    // A watcher of the earlier release still running queues under the former name again: moved by the next call
    // (the worker makes one every minute).
    const straggler = await oldPublisher.publish(startOf(engine, "straggler", "2026-12-03T10:00:04Z"));
    expect((await migrateLegacyKeys(names, connection)).queueKeys).toBeGreaterThan(0);
    expect((await current.job(straggler.jobId))?.state).toBe("waiting");
    expect(await redis.keys(`bull:${names.formerJobs}:*`)).toEqual([]);
  });
});
