import { NetnsHandle } from "./netns-handle.js";

/** Opens a namespace, runs `fn` with it and closes the handle whatever `fn` does. */
export async function withNetns<T>(path: string, fn: (netns: NetnsHandle) => Promise<T>): Promise<T> {
  const netns = await NetnsHandle.open(path);
  try {
    return await fn(netns);
  } finally {
    await netns.close();
  }
}
