import Docker from "dockerode";

/** A client for the engine at `dockerHost` (unix:///path or tcp://host:port), never from env. */
export function connectEngine(dockerHost: string): Docker {
  const url = new URL(dockerHost);
  if (url.protocol === "unix:") return new Docker({ socketPath: url.pathname });
  if (url.protocol === "tcp:") return new Docker({ host: url.hostname, port: Number(url.port), protocol: "http" });
  throw new RangeError(`unsupported engine address ${dockerHost}; expected unix:///path or tcp://host:port`);
}
