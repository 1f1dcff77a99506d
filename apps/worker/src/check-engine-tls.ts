import { EngineTlsError, pingEngine } from "@dehandler/engine";
import type Docker from "dockerode";

const CHECK_TIMEOUT_MS = 5000;

/**
 * With DEHANDLER_ENGINE_ID the worker asks a tcp:// engine nothing at start, so TLS settings the
 * engine refuses would first show as failed jobs. One ping finds them at start and stops the
 * worker with the reason; an engine that is only away is no reason not to start (jobs retry).
 */
export async function checkEngineTls(docker: Docker, engineUrl: string): Promise<void> {
  if (!engineUrl.startsWith("tcp://")) return;
  try {
    await pingEngine(docker, AbortSignal.timeout(CHECK_TIMEOUT_MS));
  } catch (error) {
    if (error instanceof EngineTlsError) throw error;
  }
}
