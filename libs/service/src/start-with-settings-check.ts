import { ConfigError } from "./load-config.js";
import { settingProblemError, type SettingProblem } from "./setting-problem.js";

export interface SettingsCheckedStart {
  start: () => Promise<void>;
  /** Runs beside the start until the settings are known to work, or known not to. */
  check: ((signal: AbortSignal) => Promise<SettingProblem | undefined>) | undefined;
  /** Aborted by a shutdown signal: the check stops, and a start it interrupts is not a failure. */
  stopping: AbortSignal;
  /**
   * A problem found after the start completed: the process may hold work by then, so it is said
   * and the process stays up (its /readyz names it). Without this, such a problem ends it too.
   */
  onLateProblem?: (error: ConfigError) => void;
}

/**
 * Runs a process's start with the settings check beside it. A problem found during the start ends
 * it as a ConfigError (one line naming the setting, exit 2, as a malformed setting does).
 */
export async function startWithSettingsCheck({ start, check, stopping, onLateProblem }: SettingsCheckedStart): Promise<void> {
  let startDone = false;
  const checked = check?.(stopping).then((problem) => {
    if (problem === undefined) return;
    const error = settingProblemError(problem);
    if (startDone && onLateProblem !== undefined) onLateProblem(error);
    else throw error;
  });
  const started = start().then(() => void (startDone = true));
  try {
    await Promise.all([checked, started]);
  } catch (error) {
    // Stopping on a signal is not a failed start: the shutdown handler ends the process.
    if (stopping.aborted && !(error instanceof ConfigError)) return;
    throw error;
  }
}
