import { chmod, chown, mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useIntegration } from "../harness/context.js";
import { scriptsDir } from "../harness/temp-dir.js";
import { startRunContainer } from "../harness/test-containers.js";

const t = useIntegration();
const SCRIPT = "#!/bin/sh\necho ran\n";

async function writeScript(path: string, mode = 0o755): Promise<void> {
  await writeFile(path, SCRIPT);
  await chmod(path, mode);
}

// Each case prepares start.<name> in a fresh folder, the way an attacker or a careless deploy might.
const refusals: [string, (dir: string, script: string) => Promise<void>, RegExp][] = [
  ["writable by its group", (_, script) => writeScript(script, 0o775), /is writable by its group \(mode 775\)/],
  ["writable by others", (_, script) => writeScript(script, 0o757), /is writable by others \(mode 757\)/],
  ["not executable", (_, script) => writeScript(script, 0o644), /is not executable/],
  [
    "owned by another user",
    async (_, script) => {
      await writeScript(script);
      await chown(script, 65534, 65534);
    },
    /is owned by uid 65534, not by root or the worker/,
  ],
  [
    "a symlink out of the folder",
    async (_, script) => {
      const elsewhere = await scriptsDir(t.cleanup);
      await writeScript(join(elsewhere, "payload"));
      await symlink(join(elsewhere, "payload"), script);
    },
    /resolves to .*payload, outside the scripts folder/,
  ],
  ["a dangling symlink", (dir, script) => symlink(join(dir, "missing"), script), /symlink whose target does not exist/],
  ["a directory", (_, script) => mkdir(script), /is not a regular file/],
  [
    "in a folder writable by group and others",
    async (dir, script) => {
      await writeScript(script);
      await chmod(dir, 0o777);
    },
    /the scripts folder .* is writable by its group/,
  ],
];

describe("start script checks", () => {
  it.each(refusals)("refuses a script %s, naming the check, and runs nothing", async (_, prepare, reason) => {
    const dir = await scriptsDir(t.cleanup);
    const name = t.unique("guarded");
    await prepare(dir, join(dir, `start.${name}`));
    const stack = await t.startStack({ env: { DEHANDLER_SCRIPTS_DIR: dir } });

    const container = await startRunContainer(t, { name });
    const entry = await stack.deadLetterEntry(container);
    expect(entry).toMatchObject({ errorName: "ScriptRefusedError", permanent: true, attemptsMade: 1 });
    expect(entry.reason).toMatch(reason);
    expect(stack.logs.withMessage("start script ran")).toEqual([]);
  });

  it("runs a script that is a symlink to a safe file inside the folder", async () => {
    const dir = await scriptsDir(t.cleanup);
    const name = t.unique("linked");
    await writeScript(join(dir, "common.sh"));
    await symlink("common.sh", join(dir, `start.${name}`));
    const stack = await t.startStack({ env: { DEHANDLER_SCRIPTS_DIR: dir } });

    const container = await startRunContainer(t, { name });
    expect((await stack.finished(container)).returnValue).toMatchObject({ outcome: "configured", script: "ran" });
    expect(stack.logs.withMessage("start script ran")[0]).toMatchObject({ script: join(dir, "common.sh"), output: "ran\n" });
  });
});
