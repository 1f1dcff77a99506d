import type { LaunchOutcome, LaunchRequest } from "./launch-request.js";

export interface SpawnerRequest {
  id: number;
  request: LaunchRequest;
}

export type SpawnerAnswer = { id: number; outcome: LaunchOutcome } | { id: number; error: string };
