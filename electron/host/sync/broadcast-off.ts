/**
 * Turning off y-webrtc's BroadcastChannel path, which a host has no use for.
 *
 * Besides WebRTC peers, y-webrtc syncs a room between browser tabs of one origin: every doc
 * update and awareness change is encrypted with the room key (AES-GCM) and published on a
 * BroadcastChannel named after the room, through lib0/broadcastchannel — whose `publish` also
 * calls the subscribers in the same tab. So each update comes straight back to the room that sent
 * it, is decrypted, and is applied again to the doc it came from: a no-op that still parses every
 * struct. On Node 20 the channel is the process-wide BroadcastChannel, and a host is one process
 * with one room per doc: there is never anyone on the other end.
 *
 * Measured in catch-up (npm run bench -- sync): a fresh host takes a 1,000-page workspace doc
 * (0.46 MB) from its peer; the loop-back encrypted, decrypted and parsed it once more, ~50 ms of
 * the ~300 ms before its first page. Every keystroke in an open page paid the same round.
 *
 * y-webrtc has no option for it. Its Room sends to the channel only while `bcconnected`, and runs
 * every publish and every message received from the channel through its `mux`; once the room
 * exists both are pinned off: the room stays on WebRTC alone. The BroadcastChannel y-webrtc opens
 * on connect is still closed by its disconnect — and now stays closed: a stock room's disconnect
 * publishes a last message after it unsubscribes, which reopens the channel for good (one native
 * handle left behind by every room a host ever closed).
 */
import type { WebrtcProvider } from 'y-webrtc';

/** The parts of y-webrtc's Room this module touches. */
interface BroadcastingRoom {
  bcconnected: boolean;
  mux: (run: () => void, otherwise?: () => void) => void;
}

/**
 * Keeps `provider`'s room off the BroadcastChannel. Call right after constructing the provider:
 * y-webrtc opens (and connects) the room once its key is derived, and this runs just after.
 */
export function keepOffBroadcastChannel(provider: WebrtcProvider): Promise<void> {
  // provider.key is a native promise: this runs right after y-webrtc's own handler on it.
  return Promise.resolve(provider.key).then(() => {
    const room = provider.room as unknown as BroadcastingRoom | null;
    if (!room) return;
    // A getter, so that a later connect() (which sets it true) cannot turn it back on.
    Object.defineProperty(room, 'bcconnected', { get: () => false, set: () => undefined, configurable: true });
    // What connect() already queued (its sync step 1, its state) is encrypting now; it ends here.
    room.mux = () => undefined;
  });
}
