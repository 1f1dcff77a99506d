import { launchDirect } from "./launch-direct.js";
import { launchScript } from "./launch-script.js";
import type { ProcessRunner } from "./process-runner.js";

/** Starts every process as a child of this one: the default, and what the spawner helper itself uses. */
export const directRunner: ProcessRunner = { run: launchDirect, runScript: launchScript };
