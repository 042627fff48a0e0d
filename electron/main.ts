/**
 * Electron entry: lifecycle, the window, the menu and deep links. It creates the Host and wires
 * it to IPC; everything else lives in the Host (plain Node), window.ts and ipc/.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, session, shell } from 'electron';
import type { MenuItemConstructorOptions, OpenDialogOptions } from 'electron';
import { resolve } from 'node:path';
import { createLogger } from '../shared/log';
import { Host } from './host/host';
import { wireIpc } from './ipc';
import { DEEP_LINK_SCHEME, findDeepLink, parseDeepLink, type DeepLink } from './security/deep-link';
import { createMainWindow, guardWebContents, hardenSession, registerPrivilegedSchemes, registerProtocols, rendererDir } from './window';

const log = createLogger('main');

// The one sink for errors nothing else caught in this process.
process.on('uncaughtException', (error) => log.error('uncaught exception', error));
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));

let host: Host | undefined;
let ipc: { dispose(): Promise<void> } | undefined;
let mainWindow: BrowserWindow | undefined;
/** A deep link received before the host started; handed to it once it has. */
let pendingDeepLink: DeepLink | undefined;
/** The desktop app syncs over the LAN: its signaling server listens on every interface, on a kept port. */
const DESKTOP_SYNC = { defaultBind: '0.0.0.0', persistPort: true, discovery: true } as const;

function receiveDeepLink(link: DeepLink | undefined): void {
  if (!link) return;
  log.debug(`deep link received: ${link.action}`); // never the whole link: an invite holds a key
  if (link.action !== 'join') return;
  // The host keeps the invite for the renderer (sync.takeInvite) and announces it (the Join dialog opens).
  if (host) host.sync.receiveInvite(link.url);
  else pendingDeepLink = link;
}

function showMainWindow(): void {
  if (!host) return; // not started yet: start() shows it
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(app.getAppPath(), { devTools: !app.isPackaged });
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function applicationMenu(): Menu {
  const dev: MenuItemConstructorOptions[] = app.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' }, { role: 'redo' }, { type: 'separator' },
        { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'pasteAndMatchStyle' }, { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [...dev, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

/** The folder picker the Host's import and export ask for (the host never imports 'electron'). */
async function pickFolder(purpose: 'import' | 'export'): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: purpose === 'import' ? 'Import a folder of Markdown notes' : 'Export the workspace into…',
    buttonLabel: purpose === 'import' ? 'Import' : 'Export here',
    properties: purpose === 'import' ? ['openDirectory'] : ['openDirectory', 'createDirectory'],
  };
  const result = mainWindow && !mainWindow.isDestroyed() ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function start(): Promise<void> {
  await app.whenReady();
  const opened = await Host.open({
    dataDir: app.getPath('userData'),
    mode: 'desktop',
    version: app.getVersion(),
    openExternal: (url) => shell.openExternal(url),
    pickFolder,
    sync: DESKTOP_SYNC,
  });
  hardenSession(session.defaultSession);
  registerProtocols(session.defaultSession, rendererDir(app.getAppPath()), opened.handlers);
  ipc = wireIpc({
    ipcMain,
    host: opened,
    createChannel: () => new MessageChannelMain(),
    eventReceivers: () => BrowserWindow.getAllWindows().map((window) => window.webContents),
  });
  host = opened;
  if (pendingDeepLink) opened.sync.receiveInvite(pendingDeepLink.url);
  pendingDeepLink = undefined;
  Menu.setApplicationMenu(applicationMenu());
  showMainWindow();
}

let closed = false;
let closing: Promise<void> | undefined;
async function shutdown(started: Promise<void>): Promise<void> {
  await started.catch(() => undefined); // a failed start has nothing to close
  await ipc?.dispose();
  await host?.close();
  host = undefined;
}

if (!app.requestSingleInstanceLock()) {
  app.quit(); // another instance owns the data directory; it gets our argv as 'second-instance'
} else {
  registerPrivilegedSchemes();
  guardWebContents(app);
  // A dev run (`electron .`) must pass the app path so the OS can start us with the link.
  if (process.defaultApp && process.argv[1]) {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, process.execPath, [resolve(process.argv[1])]);
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  }
  receiveDeepLink(findDeepLink(process.argv));
  app.on('second-instance', (_event, argv) => {
    receiveDeepLink(findDeepLink(argv));
    showMainWindow();
  });
  app.on('open-url', (event, url) => {
    event.preventDefault(); // macOS delivers links here, also before ready
    receiveDeepLink(parseDeepLink(url));
  });
  app.on('activate', showMainWindow); // macOS: dock click with no window open
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const started = start();
  started.catch((error: unknown) => {
    log.error('could not start', error);
    dialog.showErrorBox('Commonplace could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
  // Quit only once the host has flushed and closed its stores.
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= shutdown(started)
      .catch((error: unknown) => log.error('could not close cleanly', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
