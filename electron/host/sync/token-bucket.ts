/**
 * A token bucket: holds up to `burst` tokens, refilled at `perSecond`; each message takes one.
 * Time comes from the caller (milliseconds), so a test can move it by hand.
 */
export class TokenBucket {
  private tokens: number;
  /** Whether the bucket was full before the last take (the client had been within its rate). */
  wasFull = true;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private last: number,
  ) {
    this.tokens = burst;
  }

  take(now: number): boolean {
    // A clock that steps back refills nothing (and takes nothing back).
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.perSecond);
    this.last = Math.max(this.last, now);
    this.wasFull = this.tokens >= this.burst;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
