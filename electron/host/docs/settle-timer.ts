/**
 * A debounce with a ceiling, for derived indexes (search, links) that follow changes to many docs:
 * `note()` on every change; `run` is called once changes have been quiet for `quietMs`, or
 * `maxWaitMs` after the first change noted since the last run, whichever comes first.
 *
 * Why one timer for every doc rather than one per doc: catch-up (and an import) writes hundreds
 * of pages in a burst. Read as each settles, the index re-reads pages whose text is not all there
 * yet and competes with the burst for the one thread; read once the burst is over, each page is
 * read once. The ceiling keeps a stream that never pauses (a long catch-up, or someone typing
 * while a peer edits other pages) from holding the index back for more than `maxWaitMs`.
 */
export class SettleTimer {
  private quiet: ReturnType<typeof setTimeout> | null = null;
  private ceiling: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly run: () => void,
  ) {}

  /** True while a change is waiting for `run`. */
  get pending(): boolean {
    return this.ceiling !== null;
  }

  note(): void {
    // Called for every update of every doc: refresh() restarts the quiet period in place.
    if (this.quiet !== null) this.quiet.refresh();
    else this.quiet = setTimeout(this.fire, this.quietMs);
    this.ceiling ??= setTimeout(this.fire, this.maxWaitMs);
  }

  /** Forgets the waiting change without running. */
  cancel(): void {
    if (this.quiet !== null) clearTimeout(this.quiet);
    if (this.ceiling !== null) clearTimeout(this.ceiling);
    this.quiet = this.ceiling = null;
  }

  private readonly fire = (): void => {
    this.cancel();
    this.run();
  };
}
