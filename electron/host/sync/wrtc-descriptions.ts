/**
 * Session descriptions read without racing libwebrtc's signaling thread.
 *
 * @safety @roamhq/wrtc's `localDescription` / `remoteDescription` getters serialize libwebrtc's
 * live description on the main thread while libwebrtc's signaling thread may be changing it
 * (adding the ICE candidates it gathers, or the peer's trickled ones). Now and then the
 * serializer reads freed memory and the process dies of SIGSEGV, with no message (stack:
 * RTCPeerConnection::GetLocalDescription → JsepSessionDescription::ToString → SdpSerialize; the
 * same crash as https://github.com/feross/simple-peer/issues/812). simple-peer reads
 * `localDescription` right after setLocalDescription — while candidates are being gathered — and
 * `remoteDescription` for every remote candidate, so a host that makes many connections (a
 * watchdog retrying, a removed member refused again and again) eventually crashed. (Issue 3's
 * room-churn stress died there once in 17 runs with graceful closes alone, never with this too.)
 *
 * So each peer connection answers both getters from the description it was last given by
 * setLocalDescription / setRemoteDescription (recorded once the set succeeds, before the caller's
 * own continuation runs), never from libwebrtc. What that leaves out are candidates gathered or
 * received since: with trickle ICE (simple-peer's default, and ours) they travel on their own.
 * Once local gathering is complete nothing changes the local description any more, so then it is
 * read from libwebrtc, candidates included (what a non-trickle offer needs).
 */

/** A session description as the getters return it and the setters take it. */
export interface Description {
  readonly type: string;
  readonly sdp: string;
}

/** What this needs of wrtc's native peer connection (its JS wrapper's `_pc`). */
export interface NativeDescriptions {
  readonly iceGatheringState?: string;
  setLocalDescription(description?: Partial<Description>): Promise<unknown>;
  setRemoteDescription(description: Partial<Description>): Promise<unknown>;
}

const SIDES = [
  ['localDescription', 'setLocalDescription'],
  ['remoteDescription', 'setRemoteDescription'],
] as const;

/**
 * Makes `native`'s description getters answer from what was set (own properties shadow the
 * native prototype's accessors; the native object is otherwise untouched).
 */
export function recordDescriptions(native: NativeDescriptions): void {
  const proto = Object.getPrototypeOf(native) as object;
  for (const [getter, setter] of SIDES) {
    const read = Object.getOwnPropertyDescriptor(proto, getter)?.get;
    const set = native[setter] as (description?: Partial<Description>) => Promise<unknown>;
    /** What was set; null with `implicit` when it was set without an SDP (then only libwebrtc knows it). */
    let recorded: Description | null = null;
    let implicit = false;
    Object.defineProperty(native, setter, {
      configurable: true,
      value: (description?: Partial<Description>) =>
        set.call(native, description).then((result) => {
          const complete = typeof description?.type === 'string' && typeof description.sdp === 'string';
          recorded = complete ? { type: description.type as string, sdp: description.sdp as string } : null;
          implicit = !complete;
          return result;
        }),
    });
    Object.defineProperty(native, getter, {
      configurable: true,
      get: (): Description | null => {
        const settled = getter === 'localDescription' && native.iceGatheringState === 'complete';
        if ((settled || implicit) && read) return (read.call(native) as Description | null) ?? null;
        return recorded;
      },
    });
  }
}
