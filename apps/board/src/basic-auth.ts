import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";

export interface Credentials {
  user: string;
  password: string;
}

const CHALLENGE = 'Basic realm="dehandler board", charset="UTF-8"';

// Digests have one length whatever was sent, so timingSafeEqual never short-circuits on length
// and the comparison takes the same time for a wrong user as for a wrong password.
function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** The user and password of a `Basic` Authorization header, or undefined if there is none. */
export function parseBasicAuth(header: string | undefined): Credentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** HTTP basic auth on every route it is mounted before: 401 with a challenge otherwise. */
export function basicAuth(expected: Credentials): RequestHandler {
  const user = digest(expected.user);
  const password = digest(expected.password);
  return (request, response, next) => {
    const given = parseBasicAuth(request.headers.authorization);
    const userMatches = timingSafeEqual(digest(given?.user ?? ""), user);
    const passwordMatches = timingSafeEqual(digest(given?.password ?? ""), password);
    if (given !== undefined && userMatches && passwordMatches) {
      next();
      return;
    }
    response.set("WWW-Authenticate", CHALLENGE).status(401).type("text/plain").send("authentication required\n");
  };
}
