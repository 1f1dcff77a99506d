import { execa } from "execa";
import type { LaunchOutcome, LaunchRequest } from "./launch-request.js";

const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** Runs the program as a child of this process. */
export async function launchDirect(request: LaunchRequest, signal?: AbortSignal): Promise<LaunchOutcome> {
  const [file, ...args] = request.argv;
  const result = await execa(file, args, {
    // execa's types allow only the literals 3-9 as an extra stdio fd, but at run time it hands any
    // integer to child_process.spawn unchanged (checked with execa 9.6): the cast only widens the type.
    stdio: [request.input === undefined ? "ignore" : "pipe", "pipe", "pipe", ...(request.netnsFd === undefined ? [] : [request.netnsFd as 3])],
    ...(request.input === undefined ? {} : { input: request.input }),
    reject: false,
    timeout: request.timeoutMs,
    killSignal: "SIGKILL",
    cancelSignal: signal,
    // nsenter's messages are translated; ip's are not, but C keeps every stderr we classify stable.
    // Nothing else of the caller's environment (a Redis password) reaches these processes.
    env: { LC_ALL: "C", PATH: process.env.PATH ?? DEFAULT_PATH },
    extendEnv: false,
  });
  const spawned = result.exitCode !== undefined || result.signal !== undefined;
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
    durationMs: result.durationMs,
    timedOut: result.timedOut,
    canceled: result.isCanceled,
    spawnError: spawned ? undefined : { code: result.code, message: result.originalMessage ?? "could not be spawned" },
  };
}
