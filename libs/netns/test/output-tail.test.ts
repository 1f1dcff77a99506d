import { describe, expect, it } from "vitest";
import { OutputTail } from "../src/launch/output-tail.js";

describe("OutputTail keeps the last bytes of what it is given", () => {
  it.each([
    { limit: 8, chunks: [], text: "", seen: 0 },
    { limit: 8, chunks: ["abc"], text: "abc", seen: 3 },
    { limit: 8, chunks: ["abcd", "efgh"], text: "abcdefgh", seen: 8 },
    { limit: 8, chunks: ["abcd", "efgh", "ij"], text: "cdefghij", seen: 10 },
    { limit: 4, chunks: ["0123456789"], text: "6789", seen: 10 },
    { limit: 4, chunks: ["ab", "0123456789", "c"], text: "789c", seen: 13 },
    { limit: 3, chunks: ["a", "b", "c", "d", "e"], text: "cde", seen: 5 },
  ])("limit $limit, chunks $chunks → $text", ({ limit, chunks, text, seen }) => {
    const tail = new OutputTail(limit);
    for (const chunk of chunks) tail.push(Buffer.from(chunk));
    expect(tail.text()).toBe(text);
    expect(tail.bytesSeen).toBe(seen);
    expect(tail.bytesKept).toBeLessThanOrEqual(limit + Math.max(0, ...chunks.map((chunk) => chunk.length)));
  });

  it("holds no more than about its limit, however much passes through", () => {
    const tail = new OutputTail(64 * 1024);
    const chunk = Buffer.alloc(10_000, "x");
    for (let i = 0; i < 10_000; i += 1) {
      tail.push(chunk);
      expect(tail.bytesKept).toBeLessThan(64 * 1024 + chunk.length);
    }
    expect(tail.bytesSeen).toBe(100_000_000);
    expect(tail.text()).toHaveLength(64 * 1024);
  });
});
