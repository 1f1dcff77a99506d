import { execa } from "execa";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectCliBuilt, runCli } from "../harness/cli-command.js";
import { unreadableForOthers } from "../../apps/cli/src/systemd/unreadable-for-others.js";

const UNITS = ["dehandler-watcher.service", "dehandler-worker.service"];
const SYSTEMD_RUNNING = existsSync("/run/systemd/system");

async function systemdAnalyze(): Promise<boolean> {
  const probe = await execa("systemd-analyze", ["--version"], { reject: false });
  return probe.exitCode === 0;
}

let dir = "";
let envFile = "";

beforeAll(async () => {
  await expectCliBuilt();
  dir = await mkdtemp(join(tmpdir(), "dehandler-units-"));
  envFile = join(dir, "etc", "dehandler.env");
});

afterAll(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

describe("dehandler install / uninstall (--no-start into a scratch folder)", () => {
  it("--dry-run prints both units and writes nothing", async () => {
    const result = await runCli(["install", "--unit-dir", dir, "--environment-file", envFile, "--dry-run"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`# ${join(dir, UNITS[0] ?? "")}\n[Unit]`);
    expect(result.stdout).toContain(`# ${join(dir, UNITS[1] ?? "")}\n[Unit]`);
    for (const unit of UNITS) expect(existsSync(join(dir, unit))).toBe(false);
    expect(existsSync(envFile)).toBe(false);
  });

  it("writes both units and a 0600 env file holding the installing shell's REDIS_URL", async () => {
    const result = await runCli(["install", "--unit-dir", dir, "--environment-file", envFile, "--no-start"], {
      REDIS_URL: "redis://:s3cret@10.1.2.3:6379",
    });
    // A checkout others cannot traverse (a 0700 temp folder, /root) is warned about, as it should be.
    const needed = [process.execPath, join(process.cwd(), "apps/watcher/dist/main.js")];
    const warnings = needed.flatMap((file) => {
      const blocked = unreadableForOthers(file);
      return blocked === undefined
        ? []
        : [
            `dehandler: warning: the watcher's unprivileged user cannot reach ${blocked} (needed for ${file}); install a copy under /opt or /usr/local and pass --prefix/--node`,
          ];
    });
    expect(result.stderr).toBe(warnings.slice(0, 1).join(""));
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n")).toEqual([`created ${envFile} (mode 0600)`, ...UNITS.map((unit) => `wrote ${join(dir, unit)}`)]);
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(envFile, "utf8")).toContain("\nREDIS_URL=redis://:s3cret@10.1.2.3:6379\n");
    const worker = (await readFile(join(dir, "dehandler-worker.service"), "utf8")).split("\n");
    expect(worker).toContain(`ExecStart=${process.execPath} ${process.cwd()}/apps/worker/dist/main.js`);
    expect(worker).toContain(`EnvironmentFile=${envFile}`);
    // Redis is remote in that env file: no ordering after a local redis-server.
    expect(worker).toContain("After=network-online.target docker.service");
  });

  it("systemd-analyze verify accepts both units without a warning", async (context) => {
    if (!(await systemdAnalyze())) context.skip();
    const result = await execa("systemd-analyze", ["verify", ...UNITS.map((unit) => join(dir, unit))], { reject: false });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });

  it("never overwrites an existing env file, and reads Redis's place from it", async () => {
    await writeFile(envFile, "REDIS_URL=redis://127.0.0.1:6390\n# edited by the operator\n");
    const result = await runCli(["install", "--unit-dir", dir, "--environment-file", envFile, "--no-start"], {
      REDIS_URL: "redis://10.9.9.9:6379",
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe(`kept ${envFile}`);
    expect(await readFile(envFile, "utf8")).toBe("REDIS_URL=redis://127.0.0.1:6390\n# edited by the operator\n");
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    const watcher = (await readFile(join(dir, "dehandler-watcher.service"), "utf8")).split("\n");
    expect(watcher).toContain("After=network-online.target docker.service redis-server.service");
  });

  it.skipIf(SYSTEMD_RUNNING)("refuses, exit 2 and one line, to start services without systemd", async () => {
    const result = await runCli(["install", "--unit-dir", dir, "--environment-file", envFile]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("dehandler: install needs systemd as init (no /run/systemd/system; use --unit-dir <other folder> with --no-start)");
  });

  it("uninstall --no-start removes the units and keeps the env file; again is not an error; --purge removes it", async () => {
    const first = await runCli(["uninstall", "--unit-dir", dir, "--environment-file", envFile, "--no-start"]);
    expect(first.exitCode).toBe(0);
    expect(first.stdout.split("\n")).toEqual(UNITS.map((unit) => `removed ${join(dir, unit)}`));
    for (const unit of UNITS) expect(existsSync(join(dir, unit))).toBe(false);
    expect(existsSync(envFile)).toBe(true);

    const again = await runCli(["uninstall", "--unit-dir", dir, "--environment-file", envFile, "--no-start"]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe(`no dehandler units in ${dir}`);

    const purge = await runCli(["uninstall", "--unit-dir", dir, "--environment-file", envFile, "--no-start", "--purge"]);
    expect(purge.exitCode).toBe(0);
    expect(existsSync(envFile)).toBe(false);
  });
});
