import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import type { Cleanup } from "../../test/harness/cleanup.js";
import { createNetwork } from "../../test/harness/containers.js";
import type { BenchSubnet } from "./bench-subnet.js";

const REMOVE_TRIES = 5;

/**
 * The phase's bridge network (through the harness). The harness drops a removal that fails,
 * which engine 20.10 does now and then with a stale endpoint count (moby#42119); the bench
 * retries it and reports a network it could not remove in `leftovers` instead of losing it.
 */
export async function createBenchNetwork(docker: Docker, cleanup: Cleanup, name: string, subnet: BenchSubnet, leftovers: string[]): Promise<string> {
  await createNetwork(docker, cleanup, { name, driver: "bridge", subnet: subnet.cidr, gateway: subnet.gateway });
  // Registered after the harness's own step, so it runs before it: after the containers are gone.
  cleanup.defer(`network ${name} (retried)`, async () => {
    let lastError = "";
    for (let attempt = 1; attempt <= REMOVE_TRIES; attempt += 1) {
      try {
        await docker.getNetwork(name).remove();
        return;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return;
        lastError = (error as Error).message;
      }
      await sleep(500 * attempt);
    }
    leftovers.push(`network ${name} (${subnet.cidr}) could not be removed: ${lastError.trim()}`);
  });
  return name;
}
