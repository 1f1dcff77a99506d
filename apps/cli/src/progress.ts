/**
 * "checked 20/50 services" on one rewritten stderr line, only when stderr is a terminal: scripts
 * and logs get nothing. Throttled so that printing never costs more than the work.
 */
export class Progress {
  private lastAt = 0;
  private shown = false;

  constructor(
    private readonly what: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly enabled: boolean = stream.isTTY,
  ) {}

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.lastAt < 100) return;
    this.lastAt = now;
    this.stream.write(`\r${this.what} ${done}/${total}\x1b[K`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write("\r\x1b[K");
    this.shown = false;
  }
}
