import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
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
  const engine = await PrivateEngine.create();
  await engine.start();
  return { dockerHost: engine.dockerHost, stop: () => engine.remove() };
}

export interface PrivateEngineOptions {
  /**
   * A daemon ID of its own. Engine 20.10 derives the ID from /etc/docker/key.json, so every
   * dockerd on a machine reports the same one; with this, dockerd runs in a private mount
   * namespace where /etc/docker is a folder of its own (it writes a fresh key.json there).
   * Its containers' SandboxKey files are then invisible from the host: enter them by pid.
   */
  ownIdentity?: boolean;
}

/** A dockerd of the tests' own, which a test may also stop and start again (an engine restart). */
export class PrivateEngine {
  private daemon: { pid: number | undefined; exited: Promise<unknown> } | undefined;

  private constructor(
    readonly dir: string,
    private readonly extraArgs: readonly string[],
    private readonly options: PrivateEngineOptions,
  ) {}

  /** `extraArgs` e.g. ["--iptables=false"] for a second engine beside the first. */
  static async create(extraArgs: readonly string[] = [], options: PrivateEngineOptions = {}): Promise<PrivateEngine> {
    // Short path: a unix socket path must stay under 108 bytes.
    return new PrivateEngine(await mkdtemp("/tmp/dht-"), extraArgs, options);
  }

  get dockerHost(): string {
    return `unix://${this.dir}/docker.sock`;
  }

  async start(): Promise<void> {
    const log = openSync(`${this.dir}/dockerd.log`, "a");
    const args = [
      "--data-root",
      `${this.dir}/data`,
      "--exec-root",
      `${this.dir}/exec`,
      "-H",
      this.dockerHost,
      "--pidfile",
      `${this.dir}/docker.pid`,
      // The default bridge is not used by tests and could collide with another engine's docker0.
      "--bridge=none",
      ...this.extraArgs,
    ];
    let command = "dockerd";
    if (this.options.ownIdentity === true) {
      await mkdir(`${this.dir}/etc`, { recursive: true });
      await mkdir("/etc/docker", { recursive: true }); // the mount point must exist
      // `exec` keeps the pid: the pidfile and `daemon.pid` name dockerd itself. The bind mount
      // lives and dies with the namespace, so nothing is left mounted on the host.
      command = "unshare";
      args.unshift("-m", "--propagation", "private", "sh", "-c", 'mount --bind "$0" /etc/docker && exec dockerd "$@"', `${this.dir}/etc`);
    }
    const daemon = spawn(command, args, { stdio: ["ignore", log, log], detached: true });
    closeSync(log);
    daemon.once("error", () => undefined);
    this.daemon = { pid: daemon.pid, exited: new Promise((resolve) => daemon.once("exit", resolve)) };
    await waitFor(() => answers(this.dockerHost), {
      timeoutMs: 60_000,
      what: `private dockerd at ${this.dockerHost} (log: ${this.dir}/dockerd.log)`,
    });
  }

  /** SIGTERM and wait (at most 20 s); the data root stays for a later start. */
  async stop(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = undefined;
    if (daemon === undefined) return;
    const pid = Number((await readFile(`${this.dir}/docker.pid`, "utf8").catch(() => "")).trim()) || daemon.pid;
    if (pid !== undefined) process.kill(pid, "SIGTERM");
    // The wait must keep the event loop alive, or the runner could exit mid-teardown.
    const patience = new AbortController();
    await Promise.race([daemon.exited, sleep(20_000, undefined, { signal: patience.signal }).catch(() => undefined)]);
    patience.abort();
  }

  async remove(): Promise<void> {
    await this.stop();
    await unmountUnder(this.dir);
    await rm(this.dir, { recursive: true, force: true }).catch(() => undefined);
  }
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
