/**
 * A sliding-window rate limit per key (a remote address), plus one over all keys together, with a
 * bounded number of keys tracked (a flood of addresses cannot grow it without end: past the bound,
 * the oldest key is forgotten, and the global limit still holds).
 */

export interface RateLimitOptions {
  /** Attempts allowed per key within `windowMs`. */
  readonly perKey: number;
  /** Attempts allowed over all keys within `windowMs`. */
  readonly total: number;
  readonly windowMs: number;
  /** Keys tracked at most. */
  readonly maxKeys?: number;
}

const DEFAULT_MAX_KEYS = 4096;

export class RateLimit {
  private readonly byKey = new Map<string, number[]>();
  private all: number[] = [];

  constructor(private readonly options: RateLimitOptions) {}

  /** Counts an attempt and says whether it is allowed; a refused attempt counts too. */
  attempt(key: string, now = Date.now()): boolean {
    const since = now - this.options.windowMs;
    this.all = this.all.filter((t) => t > since);
    const times = (this.byKey.get(key) ?? []).filter((t) => t > since);
    this.byKey.delete(key); // re-inserted last: the Map's order is least recently used first
    times.push(now);
    // Only whether the count is over the limit matters: keep at most twice the limit.
    if (times.length > this.options.perKey * 2) times.splice(0, times.length - this.options.perKey * 2);
    this.byKey.set(key, times);
    this.all.push(now);
    const maxKeys = this.options.maxKeys ?? DEFAULT_MAX_KEYS;
    while (this.byKey.size > maxKeys) this.byKey.delete(this.byKey.keys().next().value as string);
    if (this.all.length > this.options.total * 2) this.all.splice(0, this.all.length - this.options.total * 2);
    return times.length <= this.options.perKey && this.all.length <= this.options.total;
  }
}
