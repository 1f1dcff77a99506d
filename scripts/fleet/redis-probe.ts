import { Redis } from "ioredis";

/** What INFO says of the servers holding the queues, summed over every master of a cluster. */
export interface RedisSample {
  commands: number;
  cpuSeconds: number;
  usedMemory: number;
  at: number;
}

function field(info: string, name: string): number {
  const match = new RegExp(`^${name}:([0-9.]+)`, "m").exec(info);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

export class RedisProbe {
  private readonly clients: Redis[];

  constructor(nodes: readonly { host: string; port: number }[]) {
    this.clients = nodes.map((node) => new Redis({ host: node.host, port: node.port, maxRetriesPerRequest: 2 }));
  }

  async sample(): Promise<RedisSample> {
    const sample: RedisSample = { commands: 0, cpuSeconds: 0, usedMemory: 0, at: Date.now() };
    for (const client of this.clients) {
      const info = await client.info();
      // The probe's own INFO calls are counted too: one per server per sample, negligible.
      sample.commands += field(info, "total_commands_processed");
      sample.cpuSeconds += field(info, "used_cpu_sys") + field(info, "used_cpu_user");
      sample.usedMemory += field(info, "used_memory");
    }
    return sample;
  }

  close(): void {
    for (const client of this.clients) client.disconnect();
  }
}

export function delta(before: RedisSample, after: RedisSample): RedisSample {
  return {
    commands: after.commands - before.commands,
    cpuSeconds: after.cpuSeconds - before.cpuSeconds,
    usedMemory: after.usedMemory - before.usedMemory,
    at: after.at - before.at,
  };
}

let sent = 0;

/**
 * Counts every command this process sends to Redis (each EVALSHA of a BullMQ script is one; a
 * cluster client sends through one such connection per node), from the moment it is called.
 */
export function countSentCommands(): () => number {
  const prototype = Redis.prototype as unknown as { sendCommand: (...args: unknown[]) => unknown };
  const original = prototype.sendCommand;
  prototype.sendCommand = function (this: unknown, ...args: unknown[]) {
    sent += 1;
    return original.apply(this, args);
  };
  return () => sent;
}
