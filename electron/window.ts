/**
 * Every window and session security setting, in one place.
 *
 * The renderer is served from `app://commonplace/` (a privileged, standard, secure custom
 * scheme) rather than file://: it gets a real origin (IndexedDB for y-indexeddb, a stable origin
 * for the IPC sender check), no file:// extra privileges, and path traversal is refused in one
 * audited function. Attachments are served on `cp-attachment://<workspaceId>/<attachmentId>`.
 */
import { BrowserWindow, nativeTheme, protocol, shell, type App, type Session, type WebContents, type WebPreferences } from 'electron';
import { join } from 'node:path';
import type { BridgeHandlers } from '../shared/bridge/contract';
import { checkExternalUrl } from '../shared/bridge/external-url';
import { ATTACHMENT_SCHEME } from '../shared/bridge/preload-api';
import { createLogger } from '../shared/log';
import { APP_ROOT_URL, APP_SCHEME, isAppUrl } from './security/app-origin';
import { serveAppFile, type ProtocolReply } from './security/app-protocol';
import { serveAttachment } from './security/attachment-protocol';
import { buildCsp } from './security/csp';
import { isPermissionAllowed } from './security/permissions';

const log = createLogger('window');

const WINDOW_SIZE = { width: 1200, height: 800, minWidth: 640, minHeight: 420 } as const;
const BACKGROUND = { dark: '#1e1e1e', light: '#ffffff' } as const;

/** Must run before `app` is ready: Chromium fixes scheme privileges at start-up. */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
    // Standard, so `<workspaceId>` parses as the host; secure, so it is not mixed content.
    { scheme: ATTACHMENT_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

const toResponse = (reply: ProtocolReply): Response =>
  new Response(reply.body ?? null, { status: reply.status, headers: reply.headers });

/** Serves the built renderer and the stored attachments in `session`. */
export function registerProtocols(session: Session, rendererDir: string, handlers: BridgeHandlers): void {
  session.protocol.handle(APP_SCHEME, async (request) =>
    toResponse(await serveAppFile(rendererDir, request.url, request.method)),
  );
  session.protocol.handle(ATTACHMENT_SCHEME, async (request) =>
    toResponse(await serveAttachment(handlers, request.url, request.method)),
  );
}

/** The CSP on every response, and no permission beyond clipboard writes for our own page. */
export function hardenSession(session: Session): void {
  // The app:// handler sets the CSP itself: Electron fires header events for http(s) and file
  // but not for custom schemes (electron/electron#6021). This covers any other response.
  const csp = buildCsp();
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl || contents.getURL());
    if (!allowed) log.warn(`denied permission ${permission}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin),
  );
}

/** Applied to every web contents the app creates: no navigation away, no new windows, no webviews. */
export function guardWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => guard(contents));
}

function guard(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn(`blocked navigation to ${JSON.stringify(event.url.slice(0, 200))}`);
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log.warn(`blocked redirect to ${JSON.stringify(event.url.slice(0, 200))}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const verdict = checkExternalUrl(url);
    if (verdict.ok) {
      shell.openExternal(verdict.url).catch((error: unknown) => log.error('could not open a link', error));
    } else {
      log.warn(`refused to open a window: ${verdict.reason}`);
    }
    return { action: 'deny' };
  });
}

export const webPreferences = (preload: string, devTools: boolean): WebPreferences => ({
  preload,
  devTools,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: true,
});

/** The main window: hidden until its first paint, showing `app://commonplace/`. */
export function createMainWindow(appPath: string, { devTools }: { devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    ...WINDOW_SIZE,
    show: false,
    title: 'Commonplace',
    backgroundColor: nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light,
    webPreferences: webPreferences(join(appPath, 'dist', 'electron', 'preload.cjs'), devTools),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ROOT_URL).catch((error: unknown) => log.error('could not load the renderer', error));
  return window;
}

/** Where the built renderer lives inside the app (or its asar archive). */
export const rendererDir = (appPath: string): string => join(appPath, 'dist', 'renderer');
