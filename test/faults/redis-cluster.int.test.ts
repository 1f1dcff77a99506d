import { connectionOptionsFor, ContainerJobPublisher, engineQueueNames } from "@dehandler/contract";
import { loadRedisSettings } from "@dehandler/service";
import { EngineQueues } from "../harness/engine-queues.js";
import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startBoard, waitUntilListed } from "../board/board-harness.js";
import { runCli } from "../harness/cli-command.js";
import { useIntegration } from "../harness/context.js";
import { startContainer, startMany } from "../harness/containers.js";
import { tempDir } from "../harness/temp-dir.js";
import { createRunContainer, startRunContainer } from "../harness/test-containers.js";
import { deferHostRouteRemoval, ipInNetnsOf, ipOnHost } from "../harness/kernel.js";
import { RecordingScripts } from "../harness/recording-scripts.js";
import { startRedisCluster } from "../harness/redis-cluster.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

describe("Redis Cluster of three masters", () => {
  it("runs the whole product: a burst configured with scripts once, a host route added and undone, a dead letter in the CLI and the board, two engines on two masters", async () => {
    const dir = await tempDir(t.cleanup, "/tmp/dhc-", "cluster dir");
    const cluster = await startRedisCluster(dir, t.cleanup);
    const clusterEnv = { DEHANDLER_REDIS_CLUSTER: cluster.nodes.map((node) => `${node.host}:${node.port}`).join(","), REDIS_URL: "" };
    // The stack's own clients read the same settings as the processes.
    const connection = connectionOptionsFor(loadRedisSettings(clusterEnv));
    const scripts = await RecordingScripts.create(t.cleanup);
    const prefix = t.unique("clu");
    const count = 20;
    for (let i = 0; i < count; i += 1) await scripts.add(`${prefix}-${i}`);
    const route = `198.${randomInt(18, 20)}.${randomInt(0, 256)}.0/24`;
    deferHostRouteRemoval(t.cleanup, route);
    const stack = t.stack({
      connection,
      env: {
        ...clusterEnv,
        DEHANDLER_SCRIPTS_DIR: scripts.dir,
        DEHANDLER_JOB_ATTEMPTS: "1",
        DEHANDLER_HOST_CHANGES: "allow",
        DEHANDLER_HOST_ROUTE_CIDRS: "198.18.0.0/15",
      },
    });
    const worker = await stack.spawn("worker");
    const watcher = await stack.spawn("watcher");

    // A burst: every container configured, every start script once.
    const burst = await startMany(t.docker, t.cleanup, count, (index) => ({
      name: `${prefix}-${index}`,
      image: t.image,
      labels: { ...t.runLabels, "docker-events.address": `add 10.252.0.${index + 1}/32 dev lo` },
    }));
    for (const container of burst)
      expect(await stack.finished(container, 60_000)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    for (const [index, container] of burst.entries())
      expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain(`10.252.0.${index + 1}/32`);
    await waitFor(async () => (await scripts.runs()).size >= count, { timeoutMs: 30_000, what: "every start script to have run" });
    expect([...(await scripts.runs()).values()]).toEqual(Array.from({ length: count }, () => 1));

    // A host route, recorded in the ledger (its scripts' keys all in one slot), undone on stop.
    const routed = await createRunContainer(t, {
      name: t.unique("clu-route"),
      labels: { "docker-events.host-route": `add ${route} dev lo` },
    });
    const routedStart = await startContainer(routed);
    expect(await stack.finished(routedStart)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    expect(await ipOnHost(["route", "show", route])).toContain("dev lo");
    expect(await stack.queues.hostChanges.owners()).toEqual([routedStart.id]);
    await routed.stop({ t: 0 });
    await waitFor(async () => (await ipOnHost(["route", "show", route])) === "", { timeoutMs: 20_000, what: "the host route to be undone on stop" });
    await waitFor(async () => (await stack.queues.hostChanges.owners()).length === 0, {
      timeoutMs: 10_000,
      what: "the ledger to forget the stopped container",
    });

    // A dead letter, listed by the command line and shown by the board.
    const broken = await startRunContainer(t, {
      name: t.unique("clu-dlq"),
      labels: { "docker-events.address": "add $ADDR/32 dev lo" },
    });
    const entry = await stack.deadLetterEntry(broken);
    const cli = (args: string[]) => runCli(args, { DOCKER_HOST: t.dockerHost, DEHANDLER_ENGINE_ID: stack.engineId, ...clusterEnv });
    const list = await cli(["dlq", "list"]);
    expect(list.stderr).toBe("");
    const [header, row] = list.stdout.split("\n");
    expect(header).toMatch(/^JOB +FAILED AT +CONTAINER +LABEL\/PART +REASON$/);
    expect(row).toMatch(new RegExp(`^${entry.jobId}  ${entry.failedAt}  ${broken.name}  docker-events.address/0  .*\\$ADDR is not allowed`));

    // A second engine whose queues hash to another master than the first's.
    const names = engineQueueNames(stack.engineId);
    const firstMaster = await cluster.masterOf(`bull:${names.jobs}:meta`);
    let other = engineQueueNames(t.unique("clu-other"));
    while ((await cluster.masterOf(`bull:${other.jobs}:meta`)) === firstMaster) other = engineQueueNames(t.unique("clu-other"));
    const otherQueues = new EngineQueues(other, connection);
    const otherPublisher = new ContainerJobPublisher(other, connection, { attempts: 1, backoffMs: 100 });
    t.cleanup.defer("the second engine's queues", async () => {
      await otherPublisher.close();
      await otherQueues.obliterate();
      await otherQueues.close();
    });
    await otherPublisher.publish({
      containerId: "c".repeat(64),
      containerName: "elsewhere",
      startedAt: "2026-12-03T10:00:00Z",
      engineId: other.engineId,
      source: "manual",
      seenAt: Date.now(),
    });

    const status = await cli(["status", "--json"]);
    expect(status.stderr).toBe("");
    const engines = JSON.parse(status.stdout) as { engineId: string; waiting: number; deadLetter: number }[];
    expect(engines.find((engine) => engine.engineId === stack.engineId)).toMatchObject({ deadLetter: 1 });
    expect(engines.find((engine) => engine.engineId === other.engineId)).toMatchObject({ waiting: 1, deadLetter: 0 });

    const board = await startBoard(t, clusterEnv);
    await waitUntilListed(board, [names.jobs, names.deadLetter, other.jobs]);

    expect(worker.running).toBe(true);
    expect(watcher.running).toBe(true);
  }, 180_000);
});
