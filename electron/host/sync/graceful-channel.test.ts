import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLOSE_GRACE_MS, CLOSE_NOTICE, GracefulChannel } from './graceful-channel';
import type { ChannelState, DataChannelLike } from './wrtc-types';

/** A native channel that records every call made into it (each one a chance to race libwebrtc). */
class FakeNative implements DataChannelLike {
  readonly label = 'fake';
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  readonly calls: string[] = [];
  readonly sent: unknown[] = [];
  private state: ChannelState;

  constructor(state: ChannelState = 'open') {
    this.state = state;
  }

  get readyState(): ChannelState {
    this.calls.push('readyState');
    return this.state;
  }

  get bufferedAmount(): number {
    this.calls.push('bufferedAmount');
    return 0;
  }

  send(data: unknown): void {
    this.calls.push('send');
    this.sent.push(data);
  }

  close(): void {
    this.calls.push('close');
  }

  // What libwebrtc does, as events.
  opens(): void {
    this.state = 'open';
    this.onopen?.({ type: 'open' });
  }
  delivers(data: unknown): void {
    this.onmessage?.({ data });
  }
  closes(): void {
    this.state = 'closed';
    this.onclose?.({ type: 'close' });
  }
}

function setup(state: ChannelState = 'open', createdHere = true) {
  const native = new FakeNative(state);
  const channel = new GracefulChannel(native, createdHere);
  const seen: string[] = [];
  channel.onopen = () => seen.push('open');
  channel.onmessage = (event) => seen.push(`message ${String(event.data)}`);
  channel.onclose = () => seen.push('close');
  let settled = false;
  void channel.settled.then(() => (settled = true));
  return { native, channel, seen, settled: () => settled };
}

/** Calls into the native channel from now on. */
const callsAfter = (native: FakeNative) => {
  const from = native.calls.length;
  return () => native.calls.slice(from);
};

afterEach(() => vi.useRealTimers());

describe('GracefulChannel', () => {
  it('passes traffic both ways while live', () => {
    const { native, channel, seen } = setup('connecting');
    native.opens();
    channel.send(Uint8Array.of(1));
    native.delivers('hi');
    expect(native.sent).toEqual([Uint8Array.of(1)]);
    expect(seen).toEqual(['open', 'message hi']);
    expect(channel.readyState).toBe('open');
  });

  it('closing sends one notice, then never touches the channel until the peer has closed it', async () => {
    const { native, channel, seen, settled } = setup();
    channel.close();
    expect(native.sent).toEqual([CLOSE_NOTICE]);
    const later = callsAfter(native);
    expect(channel.readyState).toBe('closing');
    expect(channel.bufferedAmount).toBe(0);
    expect(() => channel.send(Uint8Array.of(1))).toThrow(/closing/);
    channel.close();
    native.delivers('late'); // sent by the peer before it heard
    native.opens(); // an open event still on its way: no second notice
    expect(later()).toEqual([]);
    expect(seen).toEqual([]);
    expect(settled()).toBe(false);
    native.closes(); // the peer closed it
    await Promise.resolve();
    expect(settled()).toBe(true);
    expect(seen).toEqual(['close']);
    expect(later()).toEqual([]);
  });

  it('on the peer\'s notice: stops, closes the channel itself, and reports it closed', async () => {
    const { native, channel, seen, settled } = setup();
    const later = callsAfter(native);
    native.delivers(CLOSE_NOTICE);
    expect(later()).toEqual(['close']);
    expect(seen).toEqual(['close']);
    expect(channel.readyState).toBe('closed');
    expect(() => channel.send(Uint8Array.of(1))).toThrow(/closed/);
    native.closes();
    await Promise.resolve();
    expect(settled()).toBe(true);
    expect(seen).toEqual(['close']); // once
    expect(later()).toEqual(['close']);
  });

  it('closes natively itself after CLOSE_GRACE_MS when the peer does not (no such code, or gone)', () => {
    vi.useFakeTimers();
    const { native, channel, seen } = setup();
    channel.close();
    vi.advanceTimersByTime(CLOSE_GRACE_MS - 1);
    expect(native.calls).not.toContain('close');
    vi.advanceTimersByTime(1);
    expect(native.calls.filter((c) => c === 'close')).toHaveLength(1);
    expect(seen).toEqual(['close']);
  });

  it('when both close at once, only the side that created the channel closes it natively', () => {
    const ours = setup('open', true);
    const theirs = setup('open', false);
    ours.channel.close();
    theirs.channel.close();
    ours.native.delivers(CLOSE_NOTICE);
    theirs.native.delivers(CLOSE_NOTICE);
    expect(ours.native.calls.filter((c) => c === 'close')).toHaveLength(1);
    expect(theirs.native.calls).not.toContain('close');
  });

  it('closed before it opened: the notice goes out once it opens, and the open is not reported', () => {
    const { native, channel, seen } = setup('connecting');
    channel.close();
    expect(native.sent).toEqual([]);
    native.opens();
    expect(native.sent).toEqual([CLOSE_NOTICE]);
    expect(seen).toEqual([]);
    native.closes();
    expect(seen).toEqual(['close']);
  });

  it('a notice that cannot be sent (closing underneath): closes at once', () => {
    const { native, channel, seen } = setup();
    native.send = () => {
      throw new Error('not open');
    };
    channel.close();
    expect(native.calls).toContain('close');
    expect(seen).toEqual(['close']);
  });
});
