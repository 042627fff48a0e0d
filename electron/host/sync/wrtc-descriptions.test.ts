import { describe, expect, it } from 'vitest';
import { recordDescriptions, type Description } from './wrtc-descriptions';

const OFFER: Description = { type: 'offer', sdp: 'v=0\r\na=fingerprint:sha-256 AA:BB\r\n' };
const ANSWER: Description = { type: 'answer', sdp: 'v=0\r\na=fingerprint:sha-256 CC:DD\r\n' };

/** wrtc's native peer connection as far as descriptions go: its getters serialize libwebrtc's live state (the racy read). */
class FakeNativePeerConnection {
  readonly reads: string[] = [];
  iceGatheringState = 'gathering';
  live: { local: Description | null; remote: Description | null } = { local: null, remote: null };

  get localDescription(): Description | null {
    this.reads.push('local');
    return this.live.local;
  }

  get remoteDescription(): Description | null {
    this.reads.push('remote');
    return this.live.remote;
  }

  async setLocalDescription(description?: Partial<Description>): Promise<void> {
    await Promise.resolve();
    this.live.local = description?.sdp ? { type: String(description.type), sdp: `${description.sdp}a=candidate:1\r\n` } : { type: 'offer', sdp: 'implicit' };
  }

  async setRemoteDescription(description: Partial<Description>): Promise<void> {
    await Promise.resolve();
    this.live.remote = { type: String(description.type), sdp: `${String(description.sdp)}a=candidate:2\r\n` };
  }
}

function setup() {
  const native = new FakeNativePeerConnection();
  recordDescriptions(native);
  return native;
}

describe('recordDescriptions', () => {
  it('answers both getters from what was set, never from the native (racy) getters', async () => {
    const native = setup();
    expect(native.localDescription).toBeNull();
    expect(native.remoteDescription).toBeNull();
    await native.setLocalDescription(OFFER);
    await native.setRemoteDescription(ANSWER);
    expect(native.localDescription).toEqual(OFFER);
    expect(native.remoteDescription).toEqual(ANSWER);
    expect(native.reads).toEqual([]);
  });

  it("records a description before the setter's caller continues (simple-peer reads it right then)", async () => {
    const native = setup();
    let seen: Description | null = null;
    await native.setLocalDescription(OFFER).then(() => (seen = native.localDescription));
    expect(seen).toEqual(OFFER);
  });

  it('keeps the last description set successfully: a set that fails changes nothing', async () => {
    class Refusing extends FakeNativePeerConnection {
      override setRemoteDescription(description: Partial<Description>): Promise<void> {
        return description.type === 'answer' ? super.setRemoteDescription(description) : Promise.reject(new Error('bad sdp'));
      }
    }
    const native = new Refusing();
    recordDescriptions(native);
    await native.setRemoteDescription(ANSWER);
    await expect(native.setRemoteDescription(OFFER)).rejects.toThrow('bad sdp');
    expect(native.remoteDescription).toEqual(ANSWER);
  });

  it('reads libwebrtc once gathering is complete (nothing changes the local description then), or after an implicit set', async () => {
    const native = setup();
    await native.setLocalDescription(OFFER);
    native.iceGatheringState = 'complete';
    expect(native.localDescription?.sdp).toContain('a=candidate:1');
    const implicit = setup();
    await implicit.setLocalDescription();
    expect(implicit.localDescription).toEqual({ type: 'offer', sdp: 'implicit' });
    expect(implicit.reads).toEqual(['local']);
  });
});
