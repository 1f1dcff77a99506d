import { createLogger } from "@dehandler/service";
import { chmod, chown, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ScriptRefusedError } from "../src/errors/script-refused-error.js";
import { findScript, type ScriptKind } from "../src/find-script.js";

const logger = createLogger("test", "silent");
const isRoot = process.getuid?.() === 0;

describe("findScript", () => {
  let dir: string;
  let realpathOfTrue: string;
  beforeAll(async () => {
    realpathOfTrue = await realpath("/bin/true");
  });
  beforeEach(async () => {
    // realpath: the temp folder may itself be reached through a symlink.
    dir = await realpath(await mkdtemp(join(tmpdir(), "dehandler-scripts-")));
    await chmod(dir, 0o755);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function script(name: string, mode = 0o755): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, "#!/bin/sh\n");
    await chmod(path, mode);
    return path;
  }

  it("finds nothing without a scripts folder", async () => {
    expect(await findScript(undefined, "web", logger)).toBeUndefined();
  });

  it.each<[string, ScriptKind]>([
    ["start.web", "start"],
    ["stop.web", "stop"],
  ])("finds %s for container web (%s)", async (name, kind) => {
    const path = await script(name);
    expect(await findScript(dir, "web", logger, kind)).toBe(path);
  });

  // Each case but the first puts a good script where the name, were it not refused, would lead.
  it.each<[string, string, string[]]>([
    ["no such file", "web", []],
    ["only the other kind's file", "web", ["stop.web"]],
    ["a name with a slash", "a/web", ["start.a", "web"]],
    ["a name with two dots", "web..x", ["start.web..x"]],
    ["a name starting with a dot", ".web", ["start..web"]],
  ])("finds nothing for %s", async (_, name, path) => {
    const [first, ...rest] = path;
    if (first !== undefined && rest.length > 0) {
      await mkdir(join(dir, first), { mode: 0o755 });
      await chmod(join(dir, first), 0o755);
    }
    if (first !== undefined) await script(join(...path));
    expect(await findScript(dir, name, logger)).toBeUndefined();
  });

  it("follows a symlink to a file inside the folder", async () => {
    const target = await script("real-start");
    await symlink(target, join(dir, "start.web"));
    expect(await findScript(dir, "web", logger)).toBe(target);
  });

  it.each<[string, () => Promise<void>, (dir: string) => string]>([
    ["not executable", async () => void (await script("start.web", 0o644)), (d) => `${d}/start.web is not executable`],
    ["writable by its group", async () => void (await script("start.web", 0o775)), (d) => `${d}/start.web is writable by its group (mode 775)`],
    ["writable by others", async () => void (await script("start.web", 0o757)), (d) => `${d}/start.web is writable by others (mode 757)`],
    [
      "a directory",
      async () => {
        await mkdir(join(dir, "start.web"));
        await chmod(join(dir, "start.web"), 0o755);
      },
      (d) => `${d}/start.web is not a regular file`,
    ],
    [
      "a symlink whose target does not exist",
      async () => symlink(join(dir, "gone"), join(dir, "start.web")),
      () => "it is a symlink whose target does not exist",
    ],
    [
      "a symlink out of the folder",
      async () => symlink("/bin/true", join(dir, "start.web")),
      (d) => `it resolves to ${realpathOfTrue}, outside the scripts folder ${d}`,
    ],
    [
      "in a folder writable by others",
      async () => {
        await script("start.web");
        await chmod(dir, 0o757);
      },
      (d) => `the scripts folder ${d} is writable by others (mode 757)`,
    ],
  ])("refuses a start script that is %s, naming the check", async (_, make, check) => {
    await make();
    const error = await findScript(dir, "web", logger).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScriptRefusedError);
    expect(error).toMatchObject({ path: join(dir, "start.web"), check: check(dir), kind: "start" });
  });

  it("names the kind of script it refused", async () => {
    await script("stop.web", 0o644);
    await expect(findScript(dir, "web", logger, "stop")).rejects.toMatchObject({
      kind: "stop",
      message: expect.stringMatching(/^stop script /) as unknown,
    });
  });

  it.runIf(isRoot)("refuses a script owned by another user", async () => {
    const path = await script("start.web");
    await chown(path, 4242, 4242);
    await expect(findScript(dir, "web", logger)).rejects.toMatchObject({
      check: `${path} is owned by uid 4242, not by root or the worker (uid 0)`,
    });
  });
});
