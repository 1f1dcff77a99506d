import type Docker from "dockerode";
import { ENGINE_REQUEST_TIMEOUT_MS } from "./request-timeout.js";

/**
 * The engine's daemon ID scopes its queues. An operator override wins: cloned hosts can share
 * one daemon ID (Engine 20.10 derives it from /etc/docker/key.json).
 */
export async function engineIdentity(docker: Docker, override: string | undefined, timeoutMs = ENGINE_REQUEST_TIMEOUT_MS): Promise<string> {
  if (override !== undefined) return override;
  // dockerode honours abortSignal here; its typings only know the callback form.
  const info = (await (docker.info as (options: { abortSignal: AbortSignal }) => Promise<unknown>).call(docker, {
    abortSignal: AbortSignal.timeout(timeoutMs),
  })) as { ID?: unknown };
  if (typeof info.ID !== "string" || info.ID.length === 0) {
    throw new Error("the engine reported no daemon ID; set DEHANDLER_ENGINE_ID");
  }
  return info.ID;
}
