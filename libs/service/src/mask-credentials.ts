/**
 * A setting that may carry a password, fit to print: whatever stands between "scheme://" (or the
 * start) and the last "@" is the user info; its password part becomes "***", the user is kept.
 * Without a ":" the whole user info is taken for a password (redis://secret@host).
 */
export function maskRedisUrl(value: string): string {
  const at = value.lastIndexOf("@");
  if (at === -1) return value;
  const scheme = value.indexOf("://");
  const start = scheme !== -1 && scheme < at ? scheme + 3 : 0;
  const userinfo = value.slice(start, at);
  const colon = userinfo.indexOf(":");
  return `${value.slice(0, start)}${colon === -1 ? "***" : `${userinfo.slice(0, colon)}:***`}${value.slice(at)}`;
}

/** Credentials in any URL inside a longer text (a log field, an error message) become "***". */
export function maskUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s"'<>]*)@/gi, (_match, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    return `${scheme}${colon === -1 ? "***" : `${userinfo.slice(0, colon)}:***`}@`;
  });
}
