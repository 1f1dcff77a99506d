import type Docker from "dockerode";

/**
 * The engine's daemon ID scopes its queues. An operator override wins: cloned hosts can share
 * one daemon ID (Engine 20.10 derives it from /etc/docker/key.json).
 */
export async function engineIdentity(docker: Docker, override: string | undefined): Promise<string> {
  if (override !== undefined) return override;
  const info = (await docker.info()) as { ID?: unknown };
  if (typeof info.ID !== "string" || info.ID.length === 0) {
    throw new Error("the engine reported no daemon ID; set DEHANDLER_ENGINE_ID");
  }
  return info.ID;
}
