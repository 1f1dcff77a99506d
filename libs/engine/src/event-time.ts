/** Docker's `since` takes seconds with an optional fraction; events carry `timeNano`. */
export function eventTimeToSince(timeNano: bigint): string {
  const seconds = timeNano / 1_000_000_000n;
  const nanos = timeNano % 1_000_000_000n;
  return `${seconds}.${nanos.toString().padStart(9, "0")}`;
}
