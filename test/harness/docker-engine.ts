import { mkdtemp, readFile, rm } from "node:fs/promises";
import { spawn } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import Docker from "dockerode";
import { execa } from "execa";
import { waitFor } from "./wait-for.js";

export interface EngineHandle {
  dockerHost: string;
  /** Stops the engine if this run started it; a no-op for an engine that was already there. */
  stop(): Promise<void>;
}

const DEFAULT_SOCKET = "unix:///var/run/docker.sock";

export function dockerFromHost(dockerHost: string, timeoutMs?: number): Docker {
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return new Docker({ socketPath: url.pathname, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) });
  return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: "http" });
}

async function answers(dockerHost: string): Promise<boolean> {
  try {
    await dockerFromHost(dockerHost, 2000).ping();
    return true;
  } catch {
    return false;
  }
}

/**
 * Uses the engine at DOCKER_HOST (or the default socket) when one answers; otherwise starts a
 * private dockerd from Debian's docker.io with its own data root, exec root and socket, so the
 * tests never depend on, nor disturb, an engine that happens to run on the machine.
 */
export async function ensureDockerEngine(): Promise<EngineHandle> {
  const wanted = process.env.DOCKER_HOST ?? DEFAULT_SOCKET;
  if (await answers(wanted)) return { dockerHost: wanted, stop: async () => {} };

  // Short path: a unix socket path must stay under 108 bytes.
  const dir = await mkdtemp("/tmp/dht-");
  const dockerHost = `unix://${dir}/docker.sock`;
  const log = openSync(`${dir}/dockerd.log`, "a");
  const daemon = spawn(
    "dockerd",
    [
      "--data-root", `${dir}/data`,
      "--exec-root", `${dir}/exec`,
      "-H", dockerHost,
      "--pidfile", `${dir}/docker.pid`,
      // The default bridge is not used by tests and could collide with another engine's docker0.
      "--bridge=none",
    ],
    { stdio: ["ignore", log, log], detached: true },
  );
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => daemon.once("exit", resolve));
  daemon.once("error", () => undefined);

  await waitFor(() => answers(dockerHost), {
    timeoutMs: 60_000,
    what: `private dockerd at ${dockerHost} (log: ${dir}/dockerd.log)`,
  });

  return {
    dockerHost,
    stop: async () => {
      const pid = Number((await readFile(`${dir}/docker.pid`, "utf8").catch(() => "")).trim()) || daemon.pid;
      if (pid !== undefined) process.kill(pid, "SIGTERM");
      // The wait must keep the event loop alive, or the runner could exit mid-teardown.
      const patience = new AbortController();
      await Promise.race([exited, sleep(20_000, undefined, { signal: patience.signal }).catch(() => undefined)]);
      patience.abort();
      await unmountUnder(dir);
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** dockerd leaves its namespace bind mounts (exec-root/netns/default) mounted after it stops. */
async function unmountUnder(dir: string): Promise<void> {
  const mounts = await readFile("/proc/self/mounts", "utf8");
  const points = mounts
    .split("\n")
    .map((line) => line.split(" ")[1] ?? "")
    .filter((point) => point.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
  for (const point of points) await execa("umount", ["-l", point], { reject: false });
}
