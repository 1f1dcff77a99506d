// The spawner: a small helper process the worker starts once, which starts nsenter/ip on its
// behalf. Forking a process costs time in proportion to its memory, and the worker is large
// (Node with BullMQ, dockerode, ...), so every fork blocked its event loop for milliseconds;
// this process is small. It takes requests over the IPC channel, answers each, and exits when
// the channel closes (its parent is gone).
import { closeSync, openSync } from "node:fs";
import { getEachMessage, sendMessage } from "execa";
import { launchDirect } from "./launch-direct.js";
import type { LaunchOutcome, LaunchRequest } from "./launch-request.js";
import type { SpawnerAnswer, SpawnerRequest } from "./spawner-protocol.js";

async function answer(message: SpawnerRequest): Promise<SpawnerAnswer> {
  const { id, request } = message;
  let fd: number | undefined;
  try {
    // The parent holds the namespace open for as long as it waits for this answer: its fd,
    // opened through /proc, is the same namespace, whatever became of the container since.
    if (request.netnsFd !== undefined) fd = openSync(`/proc/${process.ppid}/fd/${request.netnsFd}`, "r");
    const launched: LaunchRequest = { ...request, netnsFd: fd };
    const outcome: LaunchOutcome = await launchDirect(launched);
    return { id, outcome };
  } catch (error) {
    return { id, error: (error as Error).message };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

for await (const message of getEachMessage()) {
  // Each request on its own: a slow program never holds up the others.
  void answer(message as unknown as SpawnerRequest).then((reply) => sendMessage(reply as never));
}
