/** Docker's `since` takes seconds with an optional fraction; events carry `timeNano`. */
export function eventTimeToSince(timeNano: bigint): string {
  const seconds = timeNano / 1_000_000_000n;
  const nanos = timeNano % 1_000_000_000n;
  return `${seconds}.${nanos.toString().padStart(9, "0")}`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A container's StartedAt (RFC 3339 with up to nine fraction digits) as nanoseconds since the
 * epoch, comparable with an event's timeNano. Undefined when the text is not such a time.
 */
export function startedAtToNano(startedAt: string): bigint | undefined {
  const match = RFC3339.exec(startedAt);
  if (match === null) return undefined;
  const [, wholeSeconds = "", fraction = "", zone = "Z"] = match;
  const millis = Date.parse(`${wholeSeconds}${zone}`);
  if (Number.isNaN(millis)) return undefined;
  return BigInt(millis) * 1_000_000n + BigInt(fraction.padEnd(9, "0"));
}
