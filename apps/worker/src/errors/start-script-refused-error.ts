/** A `start.<name>` file exists but fails a safety check: it is not run, and no retry helps. */
export class StartScriptRefusedError extends Error {
  readonly permanent = true;

  constructor(
    readonly path: string,
    readonly check: string,
  ) {
    super(`start script ${path} refused: ${check}`);
    this.name = "StartScriptRefusedError";
  }
}
