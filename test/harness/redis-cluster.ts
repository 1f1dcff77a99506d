import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import type { Cleanup } from "./cleanup.js";
import { askRedis, freePort } from "./redis-server.js";
import { waitFor } from "./wait-for.js";

const run = promisify(execFile);

export interface RedisClusterHandle {
  /** host:port of each master, as DEHANDLER_REDIS_CLUSTER takes them. */
  nodes: { host: string; port: number }[];
  /** The port of the master that serves `key`'s slot. */
  masterOf(key: string): Promise<number>;
}

/**
 * A Redis Cluster of three masters (no replicas) of the test's own on loopback ports, made by
 * `redis-cli --cluster create` from servers started with --cluster-enabled. Killed at cleanup.
 */
export async function startRedisCluster(dir: string, cleanup: Cleanup, masters = 3): Promise<RedisClusterHandle> {
  const processes: ChildProcess[] = [];
  cleanup.defer("redis cluster", async () => {
    const alive = processes.filter((child) => child.exitCode === null && child.signalCode === null);
    const exited = alive.map((child) => new Promise((resolve) => child.once("exit", resolve)));
    for (const child of alive) child.kill("SIGKILL");
    await Promise.all(exited);
  });
  const nodes: { host: string; port: number }[] = [];
  for (let i = 0; i < masters; i++) {
    const port = await freePort();
    // prettier-ignore
    const child = spawn("redis-server", [
      "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no",
      "--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`, "--cluster-node-timeout", "2000",
      "--dbfilename", `dump-${port}.rdb`, "--maxmemory-policy", "noeviction",
    ], { stdio: "ignore" });
    child.once("error", () => undefined);
    processes.push(child);
    nodes.push({ host: "127.0.0.1", port });
  }
  for (const node of nodes)
    await waitFor(async () => (await askRedis(node.port, "PING")) === "PONG", { timeoutMs: 15_000, what: `cluster node ${node.port}` });
  await run("redis-cli", ["--cluster", "create", ...nodes.map((node) => `${node.host}:${node.port}`), "--cluster-replicas", "0", "--cluster-yes"]);
  await waitFor(
    async () => {
      for (const node of nodes) {
        const info = await askRedis<string>(node.port, "CLUSTER", "INFO");
        if (info?.includes("cluster_state:ok") !== true) return false;
      }
      return true;
    },
    { timeoutMs: 30_000, what: "the cluster's state ok on every node" },
  );
  const first = nodes[0]?.port ?? 0;
  return {
    nodes,
    masterOf: async (key) => {
      const slot = await askRedis<number>(first, "CLUSTER", "KEYSLOT", key);
      const ranges = (await askRedis<[number, number, [string, number, string]][]>(first, "CLUSTER", "SLOTS")) ?? [];
      const owner = ranges.find(([from, to]) => slot !== undefined && slot >= from && slot <= to);
      if (owner === undefined) throw new Error(`no master serves the slot of ${key}`);
      return owner[2][1];
    },
  };
}
