/** What SCAN needs of a client: ioredis' Redis or Cluster, or BullMQ's wrapper around either. */
interface KeyScanner {
  scan(cursor: string, match: "MATCH", pattern: string, count: "COUNT", size: number): Promise<[string, string[]]>;
}
interface MaybeCluster extends KeyScanner {
  isCluster?: boolean;
  nodes?: (role: "master") => KeyScanner[];
}

/**
 * Every key matching `pattern`. SCAN walks one server's keyspace: on a Redis Cluster each master
 * holds its own slots, so each master is scanned (a cluster client would send SCAN to one node).
 */
export async function scanKeys(client: object, pattern: string, batch = 1000): Promise<string[]> {
  const scanner = client as MaybeCluster;
  const servers = scanner.isCluster === true && scanner.nodes !== undefined ? scanner.nodes("master") : [scanner];
  // A cluster client that lost its slot map knows no master: that is an outage, not an empty cluster.
  if (servers.length === 0) throw new Error("no Redis Cluster master is reachable");
  const found = new Set<string>();
  for (const server of servers) {
    let cursor = "0";
    do {
      const [next, keys] = await server.scan(cursor, "MATCH", pattern, "COUNT", batch);
      cursor = next;
      for (const key of keys) found.add(key);
    } while (cursor !== "0");
  }
  return [...found];
}

/** Deletes every key matching `pattern` (keys under one hash tag, so one DEL is one slot). */
export async function deleteKeys(client: object, pattern: string): Promise<void> {
  const keys = await scanKeys(client, pattern);
  const deleter = client as { del(...keys: string[]): Promise<number> };
  for (let i = 0; i < keys.length; i += 500) await deleter.del(...keys.slice(i, i + 500));
}
