import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../src/cli-error.js";
import { assertCanInstall, readEnvFile, unitPath } from "../src/systemd/install-target.js";

describe("assertCanInstall", () => {
  const ok = { isRoot: true, hasSystemd: true };
  it.each([
    ["root with systemd", ok, "/etc/systemd/system", true, undefined],
    [
      "not root",
      { isRoot: false, hasSystemd: true },
      "/etc/systemd/system",
      true,
      "install needs root (or --unit-dir <other folder> with --no-start)",
    ],
    [
      "no systemd",
      { isRoot: true, hasSystemd: false },
      "/etc/systemd/system",
      true,
      "install needs systemd as init (no /run/systemd/system; use --unit-dir <other folder> with --no-start)",
    ],
    [
      "default folder, --no-start, not root",
      { isRoot: false, hasSystemd: false },
      "/etc/systemd/system",
      false,
      "install needs root (or --unit-dir <other folder> with --no-start)",
    ],
    [
      "other folder but starting",
      { isRoot: true, hasSystemd: false },
      "/tmp/units",
      true,
      "install needs systemd as init (no /run/systemd/system; use --unit-dir <other folder> with --no-start)",
    ],
    ["other folder, --no-start", { isRoot: false, hasSystemd: false }, "/tmp/units", false, undefined],
  ])("%s", (_name, privileges, unitDir, start, message) => {
    const run = () => assertCanInstall(privileges, unitDir, start, "install");
    if (message === undefined) expect(run).not.toThrow();
    else expect(run).toThrow(new UsageError(message));
  });
});

describe("unitPath", () => {
  it.each([
    ["/opt/dehandler", "/opt/dehandler"],
    ["/opt/dehandler/", "/opt/dehandler"],
    ["/usr/local/bin/node", "/usr/local/bin/node"],
  ])("%j → %j", (raw, expected) => {
    expect(unitPath(raw, "--prefix")).toBe(expected);
  });

  it.each(["/opt/de handler", "/opt/%n", "/opt/$HOME", '/opt/"x"'])("%j is refused: systemd would split or expand it", (raw) => {
    expect(() => unitPath(raw, "--prefix")).toThrow(UsageError);
  });
});

describe("readEnvFile", () => {
  it("reads KEY=VALUE lines, skips comments, unquotes", () => {
    const file = join(mkdtempSync(join(tmpdir(), "dehandler-env-")), "x.env");
    writeFileSync(file, "# c\n#REDIS_URL=redis://no\nREDIS_URL=\"redis://:p@10.0.0.1:6379\"\n DOCKER_HOST = tcp://proxy:2375 \nexport A='b'\n");
    expect(readEnvFile(file)).toEqual({ REDIS_URL: "redis://:p@10.0.0.1:6379", DOCKER_HOST: "tcp://proxy:2375", A: "b" });
  });

  it("is empty for a missing file", () => {
    expect(readEnvFile("/nonexistent/dehandler.env")).toEqual({});
  });
});
