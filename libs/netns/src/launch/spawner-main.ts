// The spawner: a small helper process the worker starts once, which starts nsenter/ip and the
// start/stop scripts on its behalf. Forking a process costs time in proportion to its memory,
// and the worker is large (Node with BullMQ, dockerode, ...), so every fork blocked its event
// loop for milliseconds; this process is small. It takes requests over the IPC channel, answers
// each, and exits when the channel closes (its parent is gone), killing the scripts still running.
import { closeSync, openSync } from "node:fs";
import { getEachMessage, sendMessage } from "execa";
import { launchDirect } from "./launch-direct.js";
import { killRunningScripts, launchScript } from "./launch-script.js";
import type { ProgramRequest } from "./process-runner.js";
import type { SpawnerAnswer, SpawnerRequest } from "./spawner-protocol.js";

/** Programs still running, by request id, for a cancel to reach them. */
const running = new Map<number, AbortController>();

async function answer(message: Exclude<SpawnerRequest, { cancel: true }>): Promise<SpawnerAnswer> {
  const { id } = message;
  if ("script" in message) {
    try {
      return { id, script: await launchScript(message.script) };
    } catch (error) {
      return { id, error: (error as Error).message };
    }
  }
  const { request } = message;
  const abort = new AbortController();
  running.set(id, abort);
  let fd: number | undefined;
  try {
    // The parent holds the namespace open for as long as it waits for this answer: its fd,
    // opened through /proc, is the same namespace, whatever became of the container since.
    if (request.netnsFd !== undefined) fd = openSync(`/proc/${process.ppid}/fd/${request.netnsFd}`, "r");
    const launched: ProgramRequest = { ...request, netnsFd: fd };
    return { id, outcome: await launchDirect(launched, abort.signal) };
  } catch (error) {
    return { id, error: (error as Error).message };
  } finally {
    running.delete(id);
    if (fd !== undefined) closeSync(fd);
  }
}

try {
  for await (const received of getEachMessage()) {
    const message = received as unknown as SpawnerRequest;
    if ("cancel" in message) running.get(message.id)?.abort();
    // Each request on its own: a slow program never holds up the others.
    else void answer(message).then((reply) => sendMessage(reply as never));
  }
} finally {
  // The worker is gone (or closed the channel): the scripts it was waiting for go with it, as
  // they would have as its own children; the job is run again by the next worker.
  killRunningScripts();
  process.exit(0);
}
