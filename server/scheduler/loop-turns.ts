/**
 * Hands the event loop to heavy synchronous steps in slices. Replies for many analyses often arrive together,
 * and their continuations (evaluate the rules, write the result: a few milliseconds each) then ran back to
 * back in one microtask drain: a quarter of a second in which no reader was answered. Steps awaiting `next()`
 * now run for at most `sliceMs` per turn of the loop, and the I/O that arrived meanwhile (readers' requests)
 * is handled between slices. One step per turn instead starved the analyses of a busy sidecar.
 */
export class LoopTurns {
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly sliceMs = 15) {}

  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    // An immediate queued from an immediate runs in the next turn, after the loop polled for I/O.
    setImmediate(() => this.slice(performance.now()));
  }

  /**
   * Lets one step run, then the next once it is done (a microtask queued after the step's own continuation
   * runs when the step's synchronous part has), until the slice is spent.
   */
  private slice(started: number): void {
    const step = this.waiting.shift();
    if (!step) {
      this.scheduled = false;
      return;
    }
    step();
    queueMicrotask(() => {
      if (performance.now() - started < this.sliceMs) this.slice(started);
      else {
        this.scheduled = false;
        this.schedule();
      }
    });
  }
}
