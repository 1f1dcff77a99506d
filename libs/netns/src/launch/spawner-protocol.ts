import type { ProgramOutcome, ProgramRequest, ScriptOutcome, ScriptRequest } from "./process-runner.js";

export type SpawnerRequest =
  | { id: number; request: ProgramRequest }
  | { id: number; script: ScriptRequest }
  // The program of request `id` is to be killed: its answer then says canceled.
  | { id: number; cancel: true };

export type SpawnerAnswer = { id: number; outcome: ProgramOutcome } | { id: number; script: ScriptOutcome } | { id: number; error: string };
