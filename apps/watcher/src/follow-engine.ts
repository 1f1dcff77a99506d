import { eventTimeToSince, followContainerEvents, listRunningContainers, type ContainerEvent } from "@dehandler/engine";
import { Backoff, type BackoffOptions, type Logger } from "@dehandler/service";
import type Docker from "dockerode";
import { SweepProgress } from "./sweep-progress.js";
import type { EngineMetrics } from "./watcher-metrics.js";

export interface FollowEngineDeps {
  docker: Docker;
  labelFilter: readonly string[];
  /** The waits between connection attempts. */
  reconnect: BackoffOptions;
  logger: Logger;
  metrics: EngineMetrics;
  /** `name`: the container's, where the event has none (a network connect). */
  publishEvent: (event: ContainerEvent, name?: string) => Promise<void>;
  publishRunning: (containerId: string) => Promise<void>;
  /** Stops for containers holding host changes that are not among `running`; returns how many. */
  publishEndedOwners: (running: ReadonlySet<string>) => Promise<number>;
  /** Registers a listener called when the connection to Redis is made again (restart, failover). */
  onRedisReconnected: (listener: () => void) => void;
}

/** A publish slower than this means Redis was away; the subscription is then renewed. */
const HELD_UP_MS = 5000;

/**
 * Follows container starts, ends and network connections until `signal` aborts. Each connection subscribes to events from the
 * last time seen (first: now) and then sweeps the running containers, so nothing started while
 * the stream was down, or before the watcher existed, is missed; doubles are deduplicated by the
 * job id. A broken stream is retried with exponential backoff. The time to resume from only
 * advances once an event's job is queued.
 */
export async function followEngine(
  deps: FollowEngineDeps,
  signal: AbortSignal,
  onConnected: () => void,
  /** Called after each failed connection attempt (before its backoff). */
  onFailure: () => void = () => undefined,
): Promise<void> {
  let since = nowAsSince();
  const backoff = new Backoff(deps.reconnect);
  let connections = 0;
  // Running containers (id → name) as the watcher knows them: a network connected to one of them
  // is a late network; the connects the engine reports while starting a container are not.
  const running = new Map<string, string>();
  // Redis back after an outage or a failover may lack jobs it had acknowledged (asynchronous
  // replication, no persistence): resubscribe from the last queued event and sweep again. Claims
  // keep a start that was handled already from being handled twice.
  let resync = false;
  let current: AbortController | undefined;
  deps.onRedisReconnected(() => {
    resync = true;
    current?.abort();
  });
  while (!signal.aborted) {
    // Each connection has its own abort, so that a failed sweep also closes its event stream.
    const connection = new AbortController();
    current = connection;
    // Every connection sweeps: a reconnection of Redis before this one is answered by it.
    resync = false;
    const closeConnection = (): void => connection.abort();
    signal.addEventListener("abort", closeConnection, { once: true });
    try {
      const connectedAt = nowAsSince();
      const events = followContainerEvents(deps.docker, { since, labelFilter: deps.labelFilter, signal: connection.signal });
      // Pulling the first value opens the stream; the sweep runs while events buffer behind it.
      const first = events.next();
      first.catch(() => undefined); // observed below; this only keeps an early failure from going unhandled
      const swept = await sweep(deps, running);
      if (backoff.failures > 0) deps.logger.info({ afterFailures: backoff.failures }, "engine event stream reconnected");
      if (connections > 0) deps.metrics.reconnected();
      connections += 1;
      deps.metrics.engineConnected(true);
      deps.logger.info({ swept, since }, "following container events");
      backoff.succeeded();
      since = connectedAt;
      onConnected();
      let heldUp = false;
      for (let next = await first; !next.done; next = await events.next()) {
        deps.metrics.eventSeen(next.value.kind);
        const publishStarted = Date.now();
        await dispatch(deps, next.value, running);
        since = eventTimeToSince(next.value.timeNano);
        heldUp = Date.now() - publishStarted > HELD_UP_MS;
        if (heldUp) break;
      }
      if (heldUp) {
        // While a publish waited (Redis away), the engine may have dropped events for this slow
        // subscriber: subscribe again from the last queued event, and sweep.
        deps.logger.info({ since }, "queueing was held up; resubscribing from the last queued event");
        continue;
      }
      if (resync) continue;
      if (!signal.aborted) deps.logger.warn("engine closed the event stream");
    } catch (error) {
      if (signal.aborted) break;
      if (resync) continue;
      // One line per failure with its number, not a flood: the delay doubles each time.
      deps.logger.warn({ err: error, ...backoff.failed() }, "engine unreachable; retrying");
      onFailure();
    } finally {
      if (resync && !signal.aborted) {
        resync = false;
        deps.logger.info({ since }, "redis connection made again; resubscribing from the last queued event and sweeping");
      }
      deps.metrics.engineConnected(false);
      signal.removeEventListener("abort", closeConnection);
      connection.abort();
    }
    if (signal.aborted) break;
    await backoff.wait(signal);
  }
}

async function dispatch(deps: FollowEngineDeps, event: ContainerEvent, running: Map<string, string>): Promise<void> {
  switch (event.kind) {
    case "start":
      running.set(event.containerId, event.name ?? event.containerId.slice(0, 12));
      await deps.publishEvent(event);
      return;
    case "die":
    case "destroy":
      running.delete(event.containerId);
      await deps.publishEvent(event);
      return;
    case "connect":
      if (running.has(event.containerId)) await deps.publishEvent(event, running.get(event.containerId));
      return;
  }
}

async function sweep(deps: FollowEngineDeps, running: Map<string, string>): Promise<number> {
  const containers = await listRunningContainers(deps.docker, deps.labelFilter);
  running.clear();
  for (const container of containers) running.set(container.id, container.name);
  const ids = containers.map((container) => container.id);
  deps.metrics.swept(ids.length);
  const progress = new SweepProgress({ total: ids.length });
  for (const [index, id] of ids.entries()) {
    await deps.publishRunning(id);
    const done = index + 1;
    if (progress.shouldReport(done)) deps.logger.info({ done, total: ids.length }, `sweeping ${done}/${ids.length}`);
  }
  await deps.publishEndedOwners(new Set(ids));
  return ids.length;
}

function nowAsSince(): string {
  return (Date.now() / 1000).toFixed(3);
}
