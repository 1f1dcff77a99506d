import { mkdtemp, mkdir, copyFile, symlink, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import type Docker from "dockerode";

export const TEST_IMAGE = "dehandler-test/busybox:latest";
const APPLETS = ["sh", "sleep", "ip", "ls", "cat", "true", "echo", "touch"];

/** No registry is reachable: the test image is busybox-static imported as a root filesystem. */
export async function ensureTestImage(docker: Docker): Promise<string> {
  try {
    await docker.getImage(TEST_IMAGE).inspect();
    return TEST_IMAGE;
  } catch {
    // not there yet: build it below
  }
  const dir = await mkdtemp("/tmp/dhi-");
  try {
    const root = join(dir, "root");
    await mkdir(join(root, "bin"), { recursive: true });
    await copyFile("/bin/busybox", join(root, "bin", "busybox"));
    for (const applet of APPLETS) await symlink("busybox", join(root, "bin", applet));
    const tarball = join(dir, "root.tar");
    await execa("tar", ["-C", root, "-cf", tarball, "."]);
    const [repo, tag] = TEST_IMAGE.split(":") as [string, string];
    const stream = await docker.importImage(tarball, { repo, tag });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve()));
    });
    return TEST_IMAGE;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
