const RFC3339 = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/**
 * Docker's timestamps ("2024-05-01T10:11:12.123456789Z") as epoch milliseconds with the
 * sub-millisecond part kept: Date.parse would cut the nanoseconds to whole milliseconds.
 */
export function dockerTimeToEpochMs(text: string): number {
  const match = RFC3339.exec(text);
  if (match === null) throw new Error(`expected an RFC 3339 time such as 2024-05-01T10:11:12.123456789Z, got ${JSON.stringify(text)}`);
  const [, seconds = "", fraction = "", zone = ""] = match;
  const whole = Date.parse(`${seconds}${zone}`);
  if (Number.isNaN(whole)) throw new Error(`expected a valid date, got ${JSON.stringify(text)}`);
  return whole + (fraction === "" ? 0 : Number(`0${fraction}`) * 1000);
}
