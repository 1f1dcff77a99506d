import { engineQueueNames, redisConnectionOptions } from "@dehandler/contract";
import { EngineQueues } from "../harness/engine-queues.js";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";

const t = useIntegration();
const CONTAINER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const STARTED = "2026-11-29T05:30:00.123456789Z";

describe("start claims (real Redis)", () => {
  it("the first job to claim a start holds it; the same job may claim again, another may not", async () => {
    const queues = new EngineQueues(engineQueueNames(t.unique("claims")), redisConnectionOptions(t.redisUrl));
    t.cleanup.defer("claims queues", async () => {
      await queues.obliterate();
      await queues.close();
    });
    const { claims } = queues;
    expect(await claims.holder(CONTAINER, STARTED)).toBeUndefined();
    const [first, second] = await Promise.all([claims.claim(CONTAINER, STARTED, "job-a"), claims.claim(CONTAINER, STARTED, "job-b")]);
    expect([first, second]).toEqual([{ claimed: true }, { claimed: false, holder: "job-a" }]);
    expect(await claims.claim(CONTAINER, STARTED, "job-a")).toEqual({ claimed: true });
    expect(await claims.holder(CONTAINER, STARTED)).toBe("job-a");
    // Another start of the same container is another claim.
    expect(await claims.claim(CONTAINER, "2026-11-29T05:31:00Z", "job-b")).toEqual({ claimed: true });

    await claims.removeAll();
    expect(await claims.holder(CONTAINER, STARTED)).toBeUndefined();
    expect(await claims.holder(CONTAINER, "2026-11-29T05:31:00Z")).toBeUndefined();
  });
});
