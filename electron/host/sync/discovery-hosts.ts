/**
 * The hosts LAN discovery sees, and the signaling URLs they announce: a URL is found when the
 * first host announces it and gone when the last one stops (a host restarted on the same port
 * announces the URL under a new instance id while the old entry has yet to expire).
 */
import type { Sighting } from './discovery-records';

/** More hosts than this at once are not taken (a LAN flooded with fake announcements). */
export const MAX_DISCOVERED_HOSTS = 64;

export interface DiscoveredHost {
  readonly id: string;
  readonly url: string;
  readonly lastSeen: number;
}

interface Entry {
  readonly url: string;
  readonly lastSeen: number;
  readonly expiresAt: number;
}

export class DiscoveredHosts {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly report: (what: 'found' | 'gone', url: string) => void) {}

  list(): DiscoveredHost[] {
    return [...this.entries].map(([id, { url, lastSeen }]) => ({ id, url, lastSeen }));
  }

  /** Takes an announcement; false if refused (too many hosts). */
  seen(sighting: Sighting, now: number): boolean {
    if (!this.entries.has(sighting.id) && this.entries.size >= MAX_DISCOVERED_HOSTS) return false;
    this.change(() => this.entries.set(sighting.id, { url: sighting.url, lastSeen: now, expiresAt: now + sighting.ttlMs }));
    return true;
  }

  /** A host's goodbye, heeded only from the address we reach it at. */
  goodbye(id: string, source: string): void {
    const entry = this.entries.get(id);
    if (!entry || new URL(entry.url).hostname !== source) return;
    this.change(() => this.entries.delete(id));
  }

  /** Drops the hosts not heard from within their announcements' TTL. */
  expire(now: number): void {
    const expired = [...this.entries].filter(([, entry]) => entry.expiresAt <= now).map(([id]) => id);
    if (expired.length === 0) return;
    this.change(() => {
      for (const id of expired) this.entries.delete(id);
    });
  }

  private change(apply: () => void): void {
    const before = new Set([...this.entries.values()].map((e) => e.url));
    apply();
    const after = new Set([...this.entries.values()].map((e) => e.url));
    for (const url of before) if (!after.has(url)) this.report('gone', url);
    for (const url of after) if (!before.has(url)) this.report('found', url);
  }
}
