import { engineQueueNames, type EngineQueueNames } from "@dehandler/contract";
import { pino } from "pino";
import { loadBoardConfig } from "../../apps/board/src/config.js";
import { createBoard, type Board } from "../../apps/board/src/create-board.js";
import type { IntegrationContext } from "../harness/context.js";
import type { StartedContainer } from "../harness/containers.js";
import { startRunContainer } from "../harness/test-containers.js";
import { bridgeNetwork } from "../harness/test-networks.js";
import type { Stack } from "../harness/stack.js";
import { testSubnet } from "../harness/subnets.js";
import { waitFor } from "../harness/wait-for.js";

export const USER = "operator";
export const PASSWORD = "s3cret-board-pass";

export function authorization(user = USER, password = PASSWORD): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/** The board built in-process from the same loader and factory as its entry file, on a free port. */
export async function startBoard(t: IntegrationContext, env: Record<string, string> = {}): Promise<Board> {
  const config = loadBoardConfig({
    REDIS_URL: t.redisUrl,
    DEHANDLER_BOARD_PORT: "0",
    DEHANDLER_BOARD_USER: USER,
    DEHANDLER_BOARD_PASSWORD: PASSWORD,
    DEHANDLER_BOARD_DISCOVERY_MS: "200",
    ...env,
  });
  const board = await createBoard(config, pino({ level: "silent" }));
  t.cleanup.defer("board", () => board.close());
  return board;
}

export interface FailedStart {
  stack: Stack;
  names: EngineQueueNames;
  container: StartedContainer;
  jobId: string;
}

export const UNREACHABLE_ROUTE = "add 10.9.0.0/24 via 10.99.0.1";
export const KERNEL_REFUSAL = /Nexthop has invalid gateway|Network is unreachable/;

/**
 * A container whose route label names a gateway no interface reaches: the kernel refuses the
 * part, and with one attempt the start job fails and is dead-lettered at once.
 */
export async function failedStart(t: IntegrationContext): Promise<FailedStart> {
  const lan = testSubnet();
  const network = await bridgeNetwork(t, t.unique("board-net"), lan);
  const stack = await t.startStack({ env: { DEHANDLER_JOB_ATTEMPTS: "1" } });
  const container = await startRunContainer(t, {
    name: t.unique("board-unreachable"),
    networks: [{ name: network }],
    labels: { "docker-events.route": UNREACHABLE_ROUTE },
  });
  await stack.deadLetterEntry(container);
  await stack.finished(container);
  return { stack, names: engineQueueNames(stack.engineId), container, jobId: await stack.jobIdOf(container) };
}

interface QueuesResponse {
  queues: { name: string; displayName?: string }[];
}

/** The queue names the board's API lists, as its UI reads them. */
export async function listedQueues(board: Board): Promise<string[]> {
  const response = await fetch(new URL("api/queues", board.url), { headers: { authorization: authorization() } });
  if (!response.ok) throw new Error(`expected 200 from /api/queues, got ${response.status}`);
  const body = (await response.json()) as QueuesResponse;
  return body.queues.map((queue) => queue.name);
}

export async function waitUntilListed(board: Board, names: readonly string[], timeoutMs = 10_000): Promise<void> {
  await waitFor(
    async () => {
      const listed = await listedQueues(board);
      return names.every((name) => listed.includes(name));
    },
    { timeoutMs, what: `the board to list ${names.join(", ")}` },
  );
}
