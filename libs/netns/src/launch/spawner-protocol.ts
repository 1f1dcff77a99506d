import type { LaunchOutcome, LaunchRequest } from "./launch-request.js";
import type { ScriptOutcome, ScriptRequest } from "./script-request.js";

export type SpawnerRequest = { id: number; request: LaunchRequest } | { id: number; script: ScriptRequest };

export type SpawnerAnswer = { id: number; outcome: LaunchOutcome } | { id: number; script: ScriptOutcome } | { id: number; error: string };
