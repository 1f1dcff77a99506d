import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { ENGINE_REQUEST_TIMEOUT_MS } from "./request-timeout.js";

/** What the watcher follows: starts, ends (die, destroy), and networks connected to containers. */
export type ContainerEventKind = "start" | "die" | "destroy" | "connect";

export interface ContainerEvent {
  kind: ContainerEventKind;
  containerId: string;
  /** The container's name as the event gives it (Actor.Attributes.name), without a leading "/"; not on connect. */
  name: string | undefined;
  /** connect: the network's name. */
  network: string | undefined;
  timeNano: bigint;
}

export interface FollowOptions {
  /** Replay events from this time (Docker's `since`: seconds with an optional fraction). */
  since: string;
  /** Container events must carry every one of these labels (`key` or `key=value`). */
  labelFilter: readonly string[];
  signal: AbortSignal;
}

interface RawEvent {
  Type?: unknown;
  Action?: unknown;
  Actor?: { ID?: unknown; Attributes?: Record<string, unknown> };
  time?: unknown;
  timeNano?: unknown;
}

const CONTAINER_ACTIONS = new Set(["start", "die", "destroy"]);

/**
 * Container starts, ends and network connections, as an async iterable that ends when the engine
 * closes the stream. Reads `Action` and `Actor.ID`: newer engines no longer send `status` and
 * `id`. The label filter is applied here, not by the engine: network events carry no container
 * labels, and the engine would drop them all. The stream is newline-delimited JSON whose chunks
 * can end mid-object, hence the line reader.
 */
export async function* followContainerEvents(docker: Docker, options: FollowOptions): AsyncGenerator<ContainerEvent> {
  const filters: Record<string, string[]> = { type: ["container", "network"], event: [...CONTAINER_ACTIONS, "connect"] };
  // Until the stream's headers arrive, a silent engine is cut off after the request timeout;
  // after that, silence is just a quiet engine. Stopping aborts the request at any point.
  const request = new AbortController();
  const stopRequest = (): void => request.abort(options.signal.reason);
  options.signal.addEventListener("abort", stopRequest, { once: true });
  const connectTimer = setTimeout(() => request.abort(new Error("the engine did not answer the event subscription")), ENGINE_REQUEST_TIMEOUT_MS);
  try {
    // The API takes `since` as a string with nanoseconds; the typings only know whole seconds.
    const query = { since: options.since, filters, abortSignal: request.signal } as unknown as Docker.GetEventsOptions;
    const stream = (await docker.getEvents(query)) as Readable;
    clearTimeout(connectTimer);
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    // Aborting ends the response, but readline's iterator only ends when it is closed itself.
    request.signal.addEventListener("abort", () => lines.close(), { once: true });
    if (request.signal.aborted) lines.close();
    for await (const line of lines) {
      const event = parseEvent(line, options.labelFilter);
      if (event !== undefined) yield event;
    }
  } finally {
    clearTimeout(connectTimer);
    options.signal.removeEventListener("abort", stopRequest);
    request.abort(); // releases the connection, whatever ended the loop
  }
}

const TIME_NANO = /"timeNano":\s*(\d+)/;

function parseEvent(line: string, labelFilter: readonly string[]): ContainerEvent | undefined {
  if (line.trim() === "") return undefined;
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch {
    return undefined;
  }
  const attributes = raw.Actor?.Attributes ?? {};
  const actorId = raw.Actor?.ID;
  if (typeof actorId !== "string" || typeof raw.Action !== "string") return undefined;
  // timeNano exceeds 2^53: read its digits from the text rather than the parsed number.
  const exactNano = TIME_NANO.exec(line)?.[1];
  const timeNano = exactNano !== undefined ? BigInt(exactNano) : typeof raw.time === "number" ? BigInt(raw.time) * 1_000_000_000n : 0n;
  if (raw.Type === "network" && raw.Action === "connect") {
    const container = attributes.container;
    const network = attributes.name;
    if (typeof container !== "string" || typeof network !== "string") return undefined;
    return { kind: "connect", containerId: container, name: undefined, network, timeNano };
  }
  if (raw.Type !== "container" || !CONTAINER_ACTIONS.has(raw.Action) || !carriesLabels(attributes, labelFilter)) return undefined;
  const name = attributes.name;
  return {
    kind: raw.Action as ContainerEventKind,
    containerId: actorId,
    name: typeof name === "string" && name !== "" ? name.replace(/^\//, "") : undefined,
    network: undefined,
    timeNano,
  };
}

/** Container events carry the container's labels among their attributes. */
function carriesLabels(attributes: Record<string, unknown>, labelFilter: readonly string[]): boolean {
  return labelFilter.every((filter) => {
    const at = filter.indexOf("=");
    const key = at < 0 ? filter : filter.slice(0, at);
    const value = attributes[key];
    return typeof value === "string" && (at < 0 || value === filter.slice(at + 1));
  });
}
