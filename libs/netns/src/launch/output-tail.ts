/** The last `limit` bytes of a stream of chunks, in bounded memory; counts everything it saw. */
export class OutputTail {
  #chunks: Buffer[] = [];
  #kept = 0;
  #seen = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.#seen += chunk.length;
    const piece = chunk.length > this.limit ? chunk.subarray(chunk.length - this.limit) : chunk;
    this.#chunks.push(piece);
    this.#kept += piece.length;
    while (this.#kept - (this.#chunks[0]?.length ?? 0) >= this.limit) this.#kept -= this.#chunks.shift()?.length ?? 0;
  }

  /** Bytes held now: at most the limit plus one chunk. */
  get bytesKept(): number {
    return this.#kept;
  }

  get bytesSeen(): number {
    return this.#seen;
  }

  text(): string {
    const all = Buffer.concat(this.#chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString("utf8");
  }
}
