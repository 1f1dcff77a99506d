import type { Cluster, Redis } from "ioredis";

/**
 * Which BullMQ workers are connected, from one CLIENT LIST per server (every master of a
 * cluster), for counting the workers of many queues at once. A queue's own getWorkers() asks
 * Redis for the whole client list each time: over a fleet's thousand queues, each list a few
 * thousand clients long, that is a million lines read to answer one `dehandler status`.
 */
export class WorkerCensus {
  private constructor(private readonly namesPerServer: readonly string[][]) {}

  static async take(client: Redis | Cluster): Promise<WorkerCensus> {
    const servers: (Redis | Cluster)[] =
      "nodes" in client && typeof client.nodes === "function" && client.isCluster ? client.nodes("master") : [client];
    const lists = await Promise.all(servers.map(async (server) => String(await server.call("CLIENT", "LIST"))));
    return new WorkerCensus(lists.map((list) => list.split(/\r?\n/).flatMap((line) => / name=(\S+)/.exec(line)?.[1] ?? [])));
  }

  /**
   * The workers of the queue whose BullMQ client name (`queue.getBackend().clientName()`) this is: connections
   * named so, or so plus `:w:<worker name>`, as BullMQ's getWorkers matches them; on a cluster, the
   * server with the most of them (BullMQ's rule too).
   */
  workersOf(clientName: string): number {
    const named = `${clientName}:w:`;
    return Math.max(0, ...this.namesPerServer.map((names) => names.filter((name) => name === clientName || name.startsWith(named)).length));
  }
}
