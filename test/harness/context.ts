import { randomBytes } from "node:crypto";
import { afterEach, inject } from "vitest";
import type Docker from "dockerode";
import { Cleanup } from "./cleanup.js";
import { dockerFromHost } from "./docker-engine.js";
import { Stack, type StackOptions } from "./stack.js";

export interface IntegrationContext {
  docker: Docker;
  dockerHost: string;
  redisUrl: string;
  image: string;
  cleanup: Cleanup;
  /** A fresh short token per call, for names that must not collide across tests and runs. */
  unique(prefix: string): string;
  /** The label that marks this file's containers (the watcher follows only those). */
  runLabel: string;
  runLabels: Record<string, string>;
  stack(options?: StackSettings): Stack;
  /** A stack whose worker and watcher are already started in-process (worker first). */
  startStack(options?: StackSettings): Promise<Stack>;
}

export type StackSettings = Partial<Pick<StackOptions, "env" | "watcherEnv" | "redisUrl" | "dockerHost" | "connection">>;

/** Call once per test file: wires the engine and Redis from the global setup and per-test cleanup. */
export function useIntegration(): IntegrationContext {
  const dockerHost = inject("dockerHost");
  const redisUrl = inject("redisUrl");
  const runId = randomBytes(4).toString("hex");
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());
  const unique = (prefix: string): string => `${prefix}-${runId}-${randomBytes(3).toString("hex")}`;
  const runLabel = `dehandler-test.run=${runId}`;
  const stack = (options?: StackSettings): Stack => new Stack({ dockerHost, redisUrl, engineId: unique("e2e"), runLabel, ...options }, cleanup);
  return {
    docker: dockerFromHost(dockerHost),
    dockerHost,
    redisUrl,
    image: inject("testImage"),
    cleanup,
    unique,
    runLabel,
    runLabels: { "dehandler-test.run": runId },
    stack,
    startStack: async (options) => {
      const started = stack(options);
      await started.start();
      return started;
    },
  };
}
