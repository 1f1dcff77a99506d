// An engine that accepts connections but never answers must not hang a job or the watcher:
// every request has a deadline (the event stream only until its headers arrive).
export const ENGINE_REQUEST_TIMEOUT_MS = 10_000;
