const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/**
 * The whole environment of the processes this library starts: nothing of the caller's (a Redis
 * password) reaches them. C locale for nsenter/ip, whose stderr texts are classified.
 */
export function childEnv(): Record<string, string> {
  return { LC_ALL: "C", PATH: process.env.PATH ?? DEFAULT_PATH };
}
