// What the global setup hands to every integration test file (read with `inject`).
import type {} from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    dockerHost: string;
    redisUrl: string;
    testImage: string;
  }
}
