import { spawn, type ChildProcess } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Cleanup } from "./cleanup.js";
import { askRedis, freePort } from "./redis-server.js";
import { waitFor } from "./wait-for.js";

export interface SentinelGroup {
  masterName: string;
  /** host:port of each sentinel, as DEHANDLER_REDIS_SENTINELS takes them. */
  sentinels: { host: string; port: number }[];
  /** The port of the Redis the sentinels call master now. */
  masterPort(): Promise<number>;
  /** SIGKILL of the current master: no goodbye, as a machine lost. */
  killMaster(): Promise<number>;
}

/**
 * A master, a replica and three sentinels of the test's own on loopback ports (Debian's
 * redis-server, which is also a sentinel with --sentinel), quick to fail over: a master that
 * does not answer for 1 s is down. Everything is killed at cleanup.
 */
export async function startSentinelGroup(dir: string, cleanup: Cleanup): Promise<SentinelGroup> {
  const masterName = "dh-test";
  const processes = new Map<number, ChildProcess>();
  cleanup.defer("sentinel group", async () => {
    const alive = [...processes.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    const exited = alive.map((child) => new Promise((resolve) => child.once("exit", resolve)));
    for (const child of alive) child.kill("SIGKILL");
    await Promise.all(exited);
  });
  const start = (port: number, args: string[]): void => {
    const child = spawn("redis-server", args, { stdio: "ignore" });
    child.once("error", () => undefined);
    processes.set(port, child);
  };
  const answers = async (port: number): Promise<boolean> => (await askRedis(port, "PING")) === "PONG";
  const server = (port: number, extra: string[] = []): string[] => [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    "no",
    "--dbfilename",
    `dump-${port}.rdb`,
    "--maxmemory-policy",
    "noeviction",
    ...extra,
  ];

  const masterPort = await freePort();
  start(masterPort, server(masterPort));
  await waitFor(() => answers(masterPort), { timeoutMs: 15_000, what: "the sentinel group's master" });
  const replicaPort = await freePort();
  start(replicaPort, server(replicaPort, ["--replicaof", "127.0.0.1", String(masterPort)]));
  await waitFor(() => answers(replicaPort), { timeoutMs: 15_000, what: "the sentinel group's replica" });

  const sentinels: { host: string; port: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const conf = join(dir, `sentinel-${port}.conf`);
    await writeFile(
      conf,
      [
        `port ${port}`,
        "bind 127.0.0.1",
        `dir ${dir}`,
        `sentinel monitor ${masterName} 127.0.0.1 ${masterPort} 2`,
        `sentinel down-after-milliseconds ${masterName} 1000`,
        `sentinel failover-timeout ${masterName} 5000`,
        `sentinel parallel-syncs ${masterName} 1`,
        "",
      ].join("\n"),
    );
    start(port, [conf, "--sentinel"]);
    sentinels.push({ host: "127.0.0.1", port });
  }
  const ask = <T>(port: number, ...args: string[]): Promise<T | undefined> => askRedis<T>(port, "SENTINEL", ...args);
  // A failover needs the sentinels to know the replica and each other (found through the master).
  await waitFor(
    async () => {
      for (const sentinel of sentinels) {
        const replicas = await ask<unknown[]>(sentinel.port, "replicas", masterName);
        const others = await ask<unknown[]>(sentinel.port, "sentinels", masterName);
        if ((replicas?.length ?? 0) < 1 || (others?.length ?? 0) < 2) return false;
      }
      return true;
    },
    { timeoutMs: 30_000, what: "sentinels that know the replica and each other" },
  );

  const currentMasterPort = async (): Promise<number> => {
    for (const sentinel of sentinels) {
      const address = await ask<string[]>(sentinel.port, "get-master-addr-by-name", masterName);
      if (address?.[1] !== undefined) return Number(address[1]);
    }
    throw new Error("no sentinel names a master");
  };
  return {
    masterName,
    sentinels,
    masterPort: currentMasterPort,
    killMaster: async () => {
      const port = await currentMasterPort();
      processes.get(port)?.kill("SIGKILL");
      return port;
    },
  };
}
