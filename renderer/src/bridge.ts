/**
 * The only module that picks the bridge. In the desktop app the preload exposes
 * `window.commonplace` (read by the Electron transport alone); without it we are in browser mode
 * and speak the same contract over the WebSocket of `serve`. Everything else imports `bridge`.
 */
import { createBridgeClient, type Bridge } from '../../shared/bridge/client';
import { createElectronTransport, readPreloadApi } from './bridge/electron-transport';
import { createWsTransport } from './bridge/ws-transport';

const preload = readPreloadApi();

export const bridge: Bridge = createBridgeClient(preload ? createElectronTransport(preload) : createWsTransport());
