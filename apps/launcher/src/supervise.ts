import { execa, type ResultPromise } from "execa";
import type { Logger } from "@dehandler/service";

export interface Child {
  name: string;
  entry: string;
  /** On top of the shared environment. */
  env: Record<string, string>;
}

/**
 * Runs watcher and worker side by side with the launcher's stdout/stderr. Each child has its own
 * process group, so a Ctrl-C in the terminal reaches only the launcher, which passes on exactly
 * one SIGTERM (a second signal from the operator kills at once). When either child ends, the
 * other is stopped too. The exit code is the first child's if it failed, else the first non-zero.
 * A child still running `killAfterMs` after it was told to stop (each has its own, shorter,
 * deadline) is killed.
 */
export async function supervise(
  children: readonly Child[],
  env: Record<string, string | undefined>,
  logger: Logger,
  killAfterMs: number,
): Promise<number> {
  const running: { name: string; process: ResultPromise }[] = children.map((child) => ({
    name: child.name,
    process: execa(process.execPath, [child.entry], { env: { ...env, ...child.env }, stdio: "inherit", reject: false, detached: true }),
  }));
  let stopping = false;
  let killTimer: NodeJS.Timeout | undefined;
  const stopAll = (signal: NodeJS.Signals): void => {
    for (const child of running) if (child.process.exitCode === null) child.process.kill(signal);
    killTimer ??= setTimeout(() => {
      logger.error({ killAfterMs }, "a process did not stop in time; killing it");
      stopAll("SIGKILL");
    }, killAfterMs);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stopping) logger.info({ signal }, "stopping");
    stopAll(stopping ? "SIGKILL" : "SIGTERM");
    stopping = true;
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  const first = await Promise.race(running.map(async (child) => ({ name: child.name, result: await child.process })));
  if (!stopping) {
    logger.info(
      { process: first.name, exitCode: first.result.exitCode ?? null, signal: first.result.signal ?? null },
      "process ended; stopping the others",
    );
    stopping = true;
    stopAll("SIGTERM");
  }
  const results = await Promise.all(running.map((child) => child.process));
  clearTimeout(killTimer);
  process.off("SIGTERM", onSignal);
  process.off("SIGINT", onSignal);
  const codes = [first.result, ...results].map((result) => result.exitCode ?? 1);
  return codes.find((code) => code !== 0) ?? 0;
}
