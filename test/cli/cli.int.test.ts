import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { expectCliBuilt, runCli, type CliResult } from "../harness/cli-command.js";
import { useIntegration } from "../harness/context.js";
import { createContainer, startContainer } from "../harness/containers.js";
import { startRunContainer } from "../harness/test-containers.js";
import { ipInNetnsOf } from "../harness/kernel.js";
import { tempDir } from "../harness/temp-dir.js";
import { waitFor } from "../harness/wait-for.js";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";

const t = useIntegration();

// The built command, with this run's engine and Redis unless `env` says otherwise.
async function dehandler(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(args, { DOCKER_HOST: t.dockerHost, REDIS_URL: t.redisUrl, ...env });
}

beforeAll(expectCliBuilt);

describe("dehandler command line", () => {
  // The README's way: `npx dehandler --help` after `npm ci` and a build, no second install. CI
  // runs this in a fresh clone, where npm linked the bin before dist/ existed. A second build is
  // a turbo cache hit, which restores dist/ without the executable bit: the bin must not care.
  it("npx dehandler, as the README says, right after npm ci and a build, and after a cached rebuild", async () => {
    const npx = (args: string[]) => execa("npx", ["--no-install", ...args], { reject: false, timeout: 60_000 });
    expect((await execa("git", ["ls-files", "--stage", "apps/cli/bin/dehandler.js"])).stdout).toMatch(/^100755 /);
    const first = await npx(["dehandler", "--help"]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Usage: dehandler/);
    expect((await npx(["turbo", "run", "build", "--output-logs=errors-only"])).exitCode).toBe(0);
    const again = await npx(["dehandler", "status", "--help"]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Usage: dehandler status/);
  });

  it.each([
    [[]],
    [["lint"]],
    [["plan"]],
    [["apply"]],
    [["dlq"]],
    [["dlq", "list"]],
    [["dlq", "show"]],
    [["dlq", "retry"]],
    [["dlq", "drop"]],
    [["status"]],
  ])("%j --help exits 0 with usage on stdout", async (args) => {
    const result = await dehandler([...args, "--help"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: dehandler/);
    expect(result.stderr).toBe("");
  });

  it.each([
    [["plan"], "dehandler: missing required argument 'container' (see --help)"],
    [["lint", "--nope"], "dehandler: unknown option '--nope' (see --help)"],
    [["statuss"], "dehandler: unknown command 'statuss' (Did you mean status?) (see --help)"],
    [["lint", "/nonexistent/compose.yaml"], "dehandler: cannot read /nonexistent/compose.yaml: ENOENT"],
  ])("%j is a usage error: exit 2 and one line", async (args, line) => {
    const result = await dehandler(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(line);
    expect(result.stdout).toBe("");
  });

  it.each([
    [
      ["lint", "x.yml"],
      { DEHANDLER_LABEL_VARS: "A-B" },
      'dehandler: DEHANDLER_LABEL_VARS: expected a comma-separated list of variable names (bad entry "A-B"), got "A-B"',
    ],
    [
      ["status"],
      { REDIS_URL: "localhost:6379" },
      'dehandler: REDIS_URL: expected redis://[user:password@]host:port[/db] or rediss://…, got "localhost:6379"',
    ],
  ] as const)("%j with a bad setting exits 2 with one line naming it", async (args, env, line) => {
    const result = await dehandler(args, env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(line);
  });

  it("lint names what the kernel would refuse, first mistake first, and ends with a summary on stderr", async () => {
    const dir = await tempDir(t.cleanup, "dehandler-lint-");
    const compose = join(dir, "compose.yml");
    await writeFile(
      compose,
      [
        "services:",
        "  web:",
        "    labels:",
        '      docker-events.route: "add 10.0.0.0/8 via; rm -rf /"',
        '      docker-events.address: "add 999.1.1.1/33 dev eth0"',
        "  db:",
        "    labels:",
        '      docker-events.route: "add default via 192.0.2.1"',
        "",
      ].join("\n"),
    );
    const result = await runCli(["lint", compose]);
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.includes("docker-events.route:0:"))).toContain('"via" is last, with no value');
    expect(lines.find((line) => line.includes("docker-events.route:1:"))).toContain('verb "rm" is not supported');
    expect(lines.find((line) => line.includes("docker-events.address:0:"))).toContain('"999.1.1.1/33" is not an IPv4 address with a prefix');
    expect(result.stderr).toBe("2 services, 3 labels checked: 3 errors, 0 warnings, 0 info");

    const plain = join(dir, "plain.yml");
    await writeFile(plain, "services:\n  web:\n    image: busybox\n");
    const none = await runCli(["lint", plain]);
    expect(none).toMatchObject({ exitCode: 0, stdout: "", stderr: "no docker-events.* labels in 1 service: nothing for dehandler to apply" });
  });

  it("says in one line (exit 1) when Redis does not answer", async () => {
    const result = await dehandler(["status"], { REDIS_URL: "redis://127.0.0.1:1" });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^dehandler: cannot reach Redis at 127\.0\.0\.1:1 \(REDIS_URL\): .+$/);
  });

  it("plan prints the exact ip argv of a labeled container and runs nothing", async () => {
    const container = await startContainer(
      await createContainer(t.docker, t.cleanup, {
        name: t.unique("plan"),
        image: t.image,
        labels: {
          "docker-events.address": "add 192.0.2.51/32 dev lo",
          "docker-events.host-route": "add $VPN_IP/26 via 192.0.2.1",
          "docker-events.routes": "x",
        },
      }),
    );
    const env = { DEHANDLER_LABEL_VARS: "VPN_IP", VPN_IP: "198.19.7.0" };
    const json = await dehandler(["plan", container.name, "--json"], env);
    expect(json.exitCode).toBe(0);
    const plan = JSON.parse(json.stdout) as { commands: { target: string; argv: string[] }[]; warnings: string[] };
    expect(plan.commands).toEqual([
      expect.objectContaining({ target: "container", argv: ["ip", "address", "add", "192.0.2.51/32", "dev", "lo"] }),
      expect.objectContaining({ target: "host", argv: ["ip", "route", "add", "198.19.7.0/26", "via", "192.0.2.1"] }),
    ]);
    expect(plan.warnings[0]).toContain("did you mean docker-events.route?");
    const text = await dehandler(["plan", container.id], env);
    expect(text.stdout).toContain("in container: ip address add 192.0.2.51/32 dev lo");
    expect(text.stdout).toContain("on host:      ip route add 198.19.7.0/26 via 192.0.2.1");
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).not.toContain("192.0.2.51");

    const unset = await dehandler(["plan", container.name], { DEHANDLER_LABEL_VARS: "VPN_IP" });
    expect(unset.exitCode).toBe(1);
    expect(unset.stdout).toContain("variable $VPN_IP is not set");
    const missing = await dehandler(["plan", t.unique("absent")]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toMatch(/^dehandler: no container "absent-.*" on the engine at unix:.*$/);
  });

  it("apply queues a job that a worker configures; a second apply says it exists", async () => {
    const stack = t.stack();
    await stack.startWorker(); // no watcher: only the command queues this start
    const container = await startContainer(
      await createContainer(t.docker, t.cleanup, {
        name: t.unique("apply"),
        image: t.image,
        labels: { "docker-events.address": "add 192.0.2.52/32 dev lo" },
      }),
    );
    const env = { DEHANDLER_ENGINE_ID: stack.engineId };
    const first = await dehandler(["apply", container.name, "--json"], env);
    expect(first.exitCode).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ jobId: await stack.jobIdOf(container), created: true });
    expect(await stack.finished(container)).toMatchObject({ state: "completed", returnValue: { outcome: "configured" } });
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain("192.0.2.52/32");

    const again = await dehandler(["apply", container.name], env);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(
      `${await stack.jobIdOf(container)} for this start of ${container.name} already exists (completed); nothing queued.`,
    );
    expect(again.stdout).toContain("restart the container");
  });

  it("dlq list/show/retry/drop and status work on a real dead-lettered job", async () => {
    const stack = await t.startStack(); // the worker allows no variable: $ADDR fails for good
    const container = await startRunContainer(t, {
      name: t.unique("dlq"),
      labels: { "docker-events.address": "add 192.0.2.53/32 dev lo;add $ADDR/32 dev lo" },
    });
    await stack.deadLetterEntry(container);
    await stack.finished(container);
    const jobId = await stack.jobIdOf(container);
    const env = { DEHANDLER_ENGINE_ID: stack.engineId };

    const list = await dehandler(["dlq", "list"], env);
    expect(list.exitCode).toBe(0);
    const [header, row, ...rest] = list.stdout.split("\n");
    expect(header).toMatch(/^JOB +FAILED AT +CONTAINER +LABEL\/PART +REASON$/);
    expect(row).toMatch(
      new RegExp(`^${jobId}  \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z  ${container.name}  docker-events.address/1  .*\\$ADDR is not allowed`),
    );
    // The kernel-length reason is shortened, and the table says so; --wide shows it whole.
    expect(rest).toEqual(["(1 reason shortened to 100 characters; --wide shows them whole)"]);
    const listJson = JSON.parse((await dehandler(["dlq", "list", "--json"], env)).stdout) as { jobId: string; reason: string }[];
    expect(listJson.map((entry) => entry.jobId)).toEqual([jobId]);
    const wide = (await dehandler(["dlq", "list", "--wide"], env)).stdout.split("\n");
    expect(wide[1]?.endsWith(listJson[0]?.reason.replace(/\s+/g, " ").trim() ?? "?")).toBe(true);
    expect(wide.slice(2)).toEqual([]);

    const show = await dehandler(["dlq", "show", jobId], env);
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toContain(`container:  ${container.name} (${container.id})`);
    expect(show.stdout).toContain("label:      docker-events.address part 1: add $ADDR/32 dev lo");
    expect(show.stdout).toContain("permanent (not retried)");
    expect(JSON.parse((await dehandler(["dlq", "show", jobId, "--json"], env)).stdout)).toMatchObject({ jobId, permanent: true, partIndex: 1 });

    const status = await dehandler(["status", "--json"], env);
    expect(status.exitCode).toBe(0);
    const engines = JSON.parse(status.stdout) as { engineId: string }[];
    expect(engines.find((engine) => engine.engineId === stack.engineId)).toMatchObject({
      waiting: 0,
      active: 0,
      failed: 1,
      deadLetter: 1,
      workers: 1,
      lagMs: 0,
    });
    const statusText = await dehandler(["status", "--engine", stack.engineId], env);
    expect(statusText.stdout).toMatch(
      new RegExp(`^engine ${stack.engineId}: waiting 0, active 0, delayed 0, failed 1, dead-letter 1, workers 1, last start queued \\d{4}-`),
    );

    // The cause fixed — the worker now allows ADDR — retry runs the same job again and it succeeds.
    await stack.stopWorker();
    await stack.spawn("worker", { DEHANDLER_LABEL_VARS: "ADDR", ADDR: "192.0.2.54" });
    const retry = await dehandler(["dlq", "retry", jobId], env);
    expect(retry.exitCode).toBe(0);
    expect(retry.stdout).toBe(`retrying ${jobId}; entry removed (a new failure writes a new one)`);
    await waitFor(async () => (await stack.queues.job(jobId))?.state === "completed", { what: "the retried job to complete" });
    expect(await ipInNetnsOf(container.pid, ["address", "show", "dev", "lo"])).toContain("192.0.2.54/32");
    expect(await stack.deadLetter.get(jobId)).toBeUndefined();
    const retryAgain = await dehandler(["dlq", "retry", jobId], env);
    expect(retryAgain.exitCode).toBe(1);
    expect(retryAgain.stderr).toBe(`dehandler: no dead-letter entry "${jobId}" for engine ${stack.engineId} (see dehandler dlq list)`);
  });

  it("dlq drop removes an entry; show then says it is gone (exit 1)", async () => {
    const stack = await t.startStack();
    const container = await startRunContainer(t, {
      name: t.unique("drop"),
      labels: { "docker-events.route": "add default via $(reboot)" },
    });
    await stack.deadLetterEntry(container);
    const jobId = await stack.jobIdOf(container);
    const env = { DEHANDLER_ENGINE_ID: stack.engineId };
    const drop = await dehandler(["dlq", "drop", jobId], env);
    expect(drop).toMatchObject({ exitCode: 0, stdout: `dropped ${jobId}` });
    expect(await stack.deadLetter.get(jobId)).toBeUndefined();
    const show = await dehandler(["dlq", "show", jobId], env);
    expect(show.exitCode).toBe(1);
    expect(show.stderr.split("\n")).toHaveLength(1);
    expect((await dehandler(["dlq", "list"], env)).stdout).toBe("");
  });
});
