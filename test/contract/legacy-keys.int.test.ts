import {
  ContainerJobPublisher,
  DeadLetterQueue,
  engineQueueNames,
  legacyEngineQueueNames,
  migrateLegacyKeys,
  redisConnectionOptions,
  type DeadLetterEntry,
  type HostChange,
} from "@dehandler/contract";
import { Redis } from "ioredis";
import { EngineQueues } from "../harness/engine-queues.js";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";

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
    expect(await migrateLegacyKeys(names, connection)).toEqual({ keys: 0, jobs: 0, deadLetters: 0 });
  });

  it("stops waiting for an unreachable Redis when the process stops", async () => {
    const controller = new AbortController();
    const unreachable = redisConnectionOptions("redis://127.0.0.1:1");
    const migration = migrateLegacyKeys(engineQueueNames(t.unique("legacy-away")), unreachable, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(migration).rejects.toThrow();
  });
});
