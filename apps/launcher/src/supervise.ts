import { execa, type ResultPromise } from "execa";
import type { Logger } from "@dehandler/service";

export interface Child {
  name: string;
  entry: string;
}

/**
 * Runs watcher and worker side by side with the launcher's stdout/stderr. SIGTERM/SIGINT are
 * passed on; when either child ends, the other is stopped too, and the exit code is the first
 * non-zero one.
 */
export async function supervise(children: readonly Child[], env: Record<string, string | undefined>, logger: Logger): Promise<number> {
  const running: { name: string; process: ResultPromise }[] = children.map((child) => ({
    name: child.name,
    process: execa(process.execPath, [child.entry], { env, stdio: "inherit", reject: false }),
  }));
  const stopAll = (signal: NodeJS.Signals): void => {
    for (const child of running) child.process.kill(signal);
  };
  process.on("SIGTERM", () => stopAll("SIGTERM"));
  process.on("SIGINT", () => stopAll("SIGTERM"));

  const first = await Promise.race(running.map(async (child) => ({ name: child.name, result: await child.process })));
  logger.info({ process: first.name, exitCode: first.result.exitCode ?? null, signal: first.result.signal ?? null }, "process ended; stopping the others");
  stopAll("SIGTERM");
  const results = await Promise.all(running.map((child) => child.process));
  return results.map((result) => result.exitCode ?? 1).find((code) => code !== 0) ?? 0;
}
