import type Docker from "dockerode";

// dockerode's types omit ping's options, though it passes abortSignal on like every call.
type PingWithOptions = (options: { abortSignal: AbortSignal }) => Promise<unknown>;

/** One round trip to the engine (GET /_ping), given up when `signal` aborts: what readiness and start checks ask. */
export async function pingEngine(docker: Docker, signal: AbortSignal): Promise<void> {
  await (docker.ping as unknown as PingWithOptions).call(docker, { abortSignal: signal });
}
