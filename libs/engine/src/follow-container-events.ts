import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type Docker from "dockerode";
import { ENGINE_REQUEST_TIMEOUT_MS } from "./request-timeout.js";

export interface ContainerStartEvent {
  containerId: string;
  /** The container's name as the event gives it (Actor.Attributes.name), without a leading "/". */
  name: string | undefined;
  timeNano: bigint;
}

export interface FollowOptions {
  /** Replay events from this time (Docker's `since`: seconds with an optional fraction). */
  since: string;
  labelFilter: readonly string[];
  signal: AbortSignal;
}

interface RawEvent {
  Type?: unknown;
  Action?: unknown;
  Actor?: { ID?: unknown; Attributes?: { name?: unknown } };
  time?: unknown;
  timeNano?: unknown;
}

/**
 * Container start events, as an async iterable that ends when the engine closes the stream.
 * Reads `Action` and `Actor.ID`: newer engines no longer send `status` and `id`. The stream is
 * newline-delimited JSON whose chunks can end mid-object, hence the line reader.
 */
export async function* followContainerStarts(docker: Docker, options: FollowOptions): AsyncGenerator<ContainerStartEvent> {
  const filters: Record<string, string[]> = { type: ["container"], event: ["start"] };
  if (options.labelFilter.length > 0) filters.label = [...options.labelFilter];
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
      const event = parseStartEvent(line);
      if (event !== undefined) yield event;
    }
  } finally {
    clearTimeout(connectTimer);
    options.signal.removeEventListener("abort", stopRequest);
    request.abort(); // releases the connection, whatever ended the loop
  }
}

const TIME_NANO = /"timeNano":\s*(\d+)/;

function parseStartEvent(line: string): ContainerStartEvent | undefined {
  if (line.trim() === "") return undefined;
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch {
    return undefined;
  }
  if (raw.Type !== "container" || raw.Action !== "start" || typeof raw.Actor?.ID !== "string") return undefined;
  // timeNano exceeds 2^53: read its digits from the text rather than the parsed number.
  const exactNano = TIME_NANO.exec(line)?.[1];
  const timeNano =
    exactNano !== undefined ? BigInt(exactNano) : typeof raw.time === "number" ? BigInt(raw.time) * 1_000_000_000n : 0n;
  const name = raw.Actor.Attributes?.name;
  return { containerId: raw.Actor.ID, name: typeof name === "string" && name !== "" ? name.replace(/^\//, "") : undefined, timeNano };
}
