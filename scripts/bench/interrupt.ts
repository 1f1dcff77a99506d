/** tsx and npm pass a terminal's Ctrl-C on to the bench, which then sees it twice at once. */
const SAME_INTERRUPT_MS = 2000;

/**
 * First SIGINT/SIGTERM: abort the run, so the phase in progress stops at its next step and
 * cleans up what it made (containers, network, host routes, queues, processes). Another one,
 * later than the echoes of the first, exits at once, naming what may be left behind.
 */
export function abortOnSignals(controller: AbortController, leftovers: string): void {
  let firstAt = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      firstAt = Date.now();
      process.stderr.write(`bench: ${signal}: stopping after cleanup (send it again to exit at once)\n`);
      controller.abort(new Error(`interrupted by ${signal}`));
      return;
    }
    if (Date.now() - firstAt < SAME_INTERRUPT_MS) return;
    process.stderr.write(`bench: ${signal} again: exiting without cleanup; may be left: ${leftovers}\n`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
