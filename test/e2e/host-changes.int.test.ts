import { randomInt } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobState } from "../harness/engine-queues.js";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { describeContainer, startContainer, type StartedContainer } from "../harness/containers.js";
import { scriptsDir, writeScript } from "../harness/temp-dir.js";
import { createRunContainer } from "../harness/test-containers.js";
import { lanNetwork } from "../harness/test-networks.js";
import { deferHostRouteRemoval, deferHostRuleRemoval, ipOnHost } from "../harness/kernel.js";
import type { Stack } from "../harness/stack.js";
import { waitFor } from "../harness/wait-for.js";

const t = useIntegration();

// Host changes allowed, bounded to the test range (destinations, rule sources) and the test
// networks (gateways): a label gone wrong is refused rather than applied to the host.
const HOST_CHANGES = { DEHANDLER_HOST_CHANGES: "allow", DEHANDLER_HOST_ROUTE_CIDRS: "198.18.0.0/15,10.0.0.0/8" };

/** A /24 in 198.18.0.0/15 (the only host destinations tests may touch), removed after the test. */
function hostPrefix(): string {
  const prefix = `198.${randomInt(18, 20)}.${randomInt(0, 256)}.0/24`;
  deferHostRouteRemoval(t.cleanup, prefix);
  return prefix;
}

/** `from <a 198.18/15 prefix> lookup <a random table>`, removed (every copy) after the test. */
function hostRuleSelector(): string[] {
  const selector = ["from", `198.${randomInt(18, 20)}.${randomInt(0, 256)}.0/24`, "lookup", String(randomInt(30_000, 40_000))];
  deferHostRuleRemoval(t.cleanup, selector);
  return selector;
}

async function hostRouteOf(prefix: string): Promise<string> {
  return ipOnHost(["route", "show", prefix]);
}

async function hostHasRule(selector: readonly string[]): Promise<boolean> {
  // `ip rule show` prints `<pref>:\tfrom <prefix> lookup <table>`.
  const wanted = selector.join(" ");
  return (await ipOnHost(["rule", "show"])).split("\n").some((line) => line.replace(/^\d+:\s+/, "").trim() === wanted);
}

interface StopJob extends JobState {
  id: string;
  ending: string | undefined;
}

/** Waits until `count` stop jobs of the container finished; returns them in event order, with their ending. */
async function finishedStops(stack: Stack, container: Pick<StartedContainer, "id" | "name">, count: number): Promise<StopJob[]> {
  const states = await stack.finishedOfKind(container, "stop", count, 15_000);
  const endings = new Map((await stack.queues.jobs()).map(({ id, data }) => [id, data.ending]));
  return states.map((state) => ({ ...state, ending: endings.get(state.id) }));
}

/**
 * A stack allowing host changes, and a container on a lan whose label adds a host route via the
 * lan's gateway: started, configured, the route on the host.
 */
async function hostRouteHolder(name: string, restart?: "always") {
  const prefix = hostPrefix();
  const { lan, lanNet } = await lanNetwork(t);
  const stack = await t.startStack({ env: HOST_CHANGES });
  const created = await createRunContainer(t, {
    name: t.unique(name),
    ...(restart === undefined ? {} : { restart }),
    networks: [{ name: lanNet }],
    labels: { "docker-events.host-route": `add ${prefix} via ${lan.host(1)}` },
  });
  const started = await startContainer(created);
  expect(await stack.finished(started)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1 } });
  expect(await hostRouteOf(prefix)).toContain(`via ${lan.host(1)}`);
  return { prefix, lan, stack, created, started };
}

describe("host changes end with their container", () => {
  it("undoes a container's host route and host rule when it stops, redoes them when it starts again, and undoes them on removal", async () => {
    const prefix = hostPrefix();
    const rule = hostRuleSelector();
    const { lan, lanNet } = await lanNetwork(t);
    const stack = await t.startStack({ env: HOST_CHANGES });

    const created = await createRunContainer(t, {
      name: t.unique("owner"),
      networks: [{ name: lanNet, ip: lan.host(20) }],
      labels: { "docker-events.host-route": `add ${prefix} via @${lanNet}.ip`, "docker-events.host-rule": `add ${rule.join(" ")}` },
    });
    const first = await startContainer(created);
    expect(await stack.finished(first)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 2, already: 0 } });
    expect(await hostRouteOf(prefix)).toContain(`via ${lan.host(20)}`);
    expect(await hostHasRule(rule)).toBe(true);
    expect(await stack.queues.hostChanges.owners()).toEqual([first.id]);

    await created.stop({ t: 0 });
    const [stopped] = await finishedStops(stack, first, 1);
    expect(stopped).toMatchObject({ state: "completed", ending: "die", returnValue: { outcome: "ended", undone: 2, kept: 0, script: "none" } });
    expect(await hostRouteOf(prefix)).toBe("");
    expect(await hostHasRule(rule)).toBe(false);
    expect(await stack.queues.hostChanges.recorded(first.id)).toEqual([]);
    expect(await stack.queues.hostChanges.owners()).toEqual([]);

    await created.start();
    const second = await describeContainer(created);
    expect(second.startedAt).not.toBe(first.startedAt);
    expect(await stack.finished(second)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 2 } });
    expect(await hostRouteOf(prefix)).toContain(`via ${lan.host(20)}`);
    expect(await hostHasRule(rule)).toBe(true);

    await created.remove({ force: true });
    // The second run's die, then the removal's destroy.
    const stops = await finishedStops(stack, second, 3);
    expect(stops.map((stop) => stop.ending)).toEqual(["die", "die", "destroy"]);
    expect(stops[1]).toMatchObject({ state: "completed", returnValue: { outcome: "ended", undone: 2, kept: 0 } });
    expect(stops[2]?.state).toBe("completed");
    expect(await hostRouteOf(prefix)).toBe("");
    expect(await hostHasRule(rule)).toBe(false);
    expect(await stack.queues.hostChanges.owners()).toEqual([]);
  });

  it("keeps a host route two containers declare until the last of them stops", async () => {
    const prefix = hostPrefix();
    const { lan, lanNet } = await lanNetwork(t);
    const stack = await t.startStack({ env: HOST_CHANGES });
    const labels = { "docker-events.host-route": `add ${prefix} via ${lan.host(1)}` };

    const firstCreated = await createRunContainer(t, { name: t.unique("first"), networks: [{ name: lanNet }], labels });
    const first = await startContainer(firstCreated);
    expect(await stack.finished(first)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 1 } });
    const secondCreated = await createRunContainer(t, { name: t.unique("second"), networks: [{ name: lanNet }], labels });
    const second = await startContainer(secondCreated);
    // The route is there already: the second container only becomes one more owner of it.
    expect(await stack.finished(second)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 0, already: 1 } });
    expect(await hostRouteOf(prefix)).toContain(`via ${lan.host(1)}`);

    await firstCreated.stop({ t: 0 });
    const [firstStop] = await finishedStops(stack, first, 1);
    expect(firstStop).toMatchObject({ state: "completed", ending: "die", returnValue: { outcome: "ended", undone: 0, kept: 1 } });
    const kept = stack.logs.withMessage("host change kept: another container holds it too");
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ heldBy: [second.id.slice(0, 12)] });
    expect(await hostRouteOf(prefix)).toContain(`via ${lan.host(1)}`);
    expect(await stack.queues.hostChanges.owners()).toEqual([second.id]);

    await secondCreated.stop({ t: 0 });
    const [secondStop] = await finishedStops(stack, second, 1);
    expect(secondStop).toMatchObject({ state: "completed", ending: "die", returnValue: { outcome: "ended", undone: 1, kept: 0 } });
    expect(await hostRouteOf(prefix)).toBe("");
    expect(await stack.queues.hostChanges.owners()).toEqual([]);
  });

  it("runs stop.<name> once per stop, with the container's id and name, and not again on removal", async () => {
    const dir = await scriptsDir(t.cleanup);
    const name = t.unique("scripted");
    const record = join(dir, "runs.log");
    const script = join(dir, `stop.${name}`);
    await writeScript(script, `#!/bin/sh\necho "id=$CONTAINER_ID name=$CONTAINER_NAME pid=\${CONTAINER_PID:-none}" >> '${record}'\n`);
    const runs = async (): Promise<string[]> => (await readFile(record, "utf8").catch(() => "")).split("\n").filter((line) => line.length > 0);
    const stack = await t.startStack({ env: { DEHANDLER_SCRIPTS_DIR: dir } });

    const created = await createRunContainer(t, { name });
    const container = await startContainer(created);
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "nothing-to-do" } });
    expect(await runs()).toEqual([]);

    // `docker stop` reports kill, die and stop: only the die ends the run.
    await created.stop({ t: 0 });
    const [stopped] = await finishedStops(stack, container, 1);
    expect(stopped).toMatchObject({ state: "completed", ending: "die", returnValue: { outcome: "ended", undone: 0, kept: 0, script: "ran" } });
    expect(await runs()).toEqual([`id=${container.id} name=${name} pid=none`]);

    await created.remove({ force: true });
    const stops = await finishedStops(stack, container, 2);
    expect(stops.map((stop) => [stop.ending, stop.state])).toEqual([
      ["die", "completed"],
      ["destroy", "completed"],
    ]);
    expect(stops[1]?.returnValue).toMatchObject({ outcome: "nothing-to-do" });
    expect(await runs()).toHaveLength(1);
  });

  it("removes the host route of a container that stopped while neither watcher nor worker ran, once they are back", async () => {
    const { prefix, lan, stack, created, started: container } = await hostRouteHolder("unwatched");

    await stack.stopWatcher();
    await stack.stopWorker();
    await created.stop({ t: 0 });
    expect(await hostRouteOf(prefix)).toContain(`via ${lan.host(1)}`);
    await stack.startWorker();
    await stack.startWatcher();

    const [reconciled] = await finishedStops(stack, container, 1);
    expect(reconciled).toMatchObject({
      state: "completed",
      ending: "reconcile",
      returnValue: { outcome: "ended", undone: 1, kept: 0, script: "none" },
    });
    expect(await hostRouteOf(prefix)).toBe("");
    expect(await stack.queues.hostChanges.owners()).toEqual([]);
    expect(stack.logs.withMessage("containers that ended unwatched still hold host changes; stops queued")).toHaveLength(1);
  });

  it("keeps the host route of a container its restart policy brings back after its process exits", async () => {
    const { prefix, lan, stack, created, started: first } = await hostRouteHolder("restarting", "always");

    // The container's main process exits (killed from the host, as a crash would end it): unlike
    // `docker kill`/`docker stop`, that leaves the restart policy in force.
    process.kill(first.pid, "SIGKILL");
    const second = await waitFor(
      async () => {
        const now = await describeContainer(created);
        return now.pid > 0 && now.startedAt !== first.startedAt ? now : undefined;
      },
      { what: "the restart policy to start the container again", timeoutMs: 10_000 },
    );
    expect(await stack.finished(second)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    // The die's stop job either ran before the new start (undone, then applied again) or after
    // it (superseded): either way the new run holds the route.
    const [died] = await finishedStops(stack, second, 1);
    expect(died).toMatchObject({ state: "completed", ending: "die" });
    expect(["ended", "superseded"]).toContain((died?.returnValue as { outcome?: string } | undefined)?.outcome);
    expect(await hostRouteOf(prefix)).toContain(`via ${lan.host(1)}`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await hostRouteOf(prefix)).toContain(`via ${lan.host(1)}`);
    expect((await stack.queues.hostChanges.recorded(second.id)).map(({ change }) => change.part)).toEqual([`add ${prefix} via ${lan.host(1)}`]);
    expect(await stack.queues.hostChanges.owners()).toEqual([second.id]);
  });

  it("leaves a host route and rule that were there before the container alone when it stops", async () => {
    const prefix = hostPrefix();
    const rule = hostRuleSelector();
    // The operator's own route and rule, made before any container declares them.
    await ipOnHost(["route", "add", prefix, "dev", "lo"]);
    await ipOnHost(["rule", "add", ...rule]);
    const stack = await t.startStack({ env: HOST_CHANGES });
    const created = await createRunContainer(t, {
      name: t.unique("latecomer"),
      labels: { "docker-events.host-route": `add ${prefix} dev lo`, "docker-events.host-rule": `add ${rule.join(" ")}` },
    });
    const container = await startContainer(created);
    // Both found in place: nothing was added, so nothing is the container's.
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured", applied: 0, already: 2 } });
    expect(await stack.queues.hostChanges.recorded(container.id)).toEqual([]);

    await created.stop({ t: 0 });
    const [stopped] = await finishedStops(stack, container, 1);
    // "Every host route and rule a container's labels add" is removed when it stops: these it did not add.
    expect(await hostRouteOf(prefix)).toContain("dev lo");
    expect(await hostHasRule(rule)).toBe(true);
    expect(stopped).toMatchObject({ state: "completed", ending: "die", returnValue: { outcome: "nothing-to-do" } });
  });
});
