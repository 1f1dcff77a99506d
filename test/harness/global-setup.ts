import type { TestProject } from "vitest/node";
import "./provided-context.js";
import { dockerFromHost, ensureDockerEngine } from "./docker-engine.js";
import { ensureRedis } from "./redis-server.js";
import { ensureTestImage } from "./test-image.js";

// Integration tests cross a real engine and a real Redis. When none answers where the
// environment points, private ones are started here and stopped after the run.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await ensureDockerEngine();
  const redis = await ensureRedis().catch(async (error: unknown) => {
    await engine.stop();
    throw error;
  });
  const testImage = await ensureTestImage(dockerFromHost(engine.dockerHost));
  project.provide("dockerHost", engine.dockerHost);
  project.provide("redisUrl", redis.redisUrl);
  project.provide("testImage", testImage);
  return async () => {
    await Promise.allSettled([redis.stop(), engine.stop()]);
  };
}
