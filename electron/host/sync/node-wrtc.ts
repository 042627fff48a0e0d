/**
 * The Node WebRTC implementation the host passes to y-webrtc as `peerOpts.wrtc` (@roamhq/wrtc:
 * N-API, installs offline, loads in Electron without a rebuild). Bundlers must keep it external.
 */
import wrtc from '@roamhq/wrtc';
import type { WrtcModule } from './wrtc-types';

export const nodeWrtc = wrtc as WrtcModule;
