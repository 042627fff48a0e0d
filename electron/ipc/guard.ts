/**
 * Every IPC entry point goes through `handleGuarded`: the sender check (../security/sender.ts)
 * runs before anything else, and a refused sender gets a `forbidden` outcome, never a call.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { CallOutcome } from '../../shared/bridge/validate';
import { createLogger } from '../../shared/log';
import { isSenderAllowed, type SenderInfo } from '../security/sender';

const log = createLogger('ipc');

export type IpcHandleTarget = Pick<IpcMain, 'handle' | 'removeHandler'>;

export const FORBIDDEN: CallOutcome = {
  ok: false,
  error: { code: 'forbidden', message: 'this sender may not use the bridge' },
};

/** The plain facts the sender check needs, read defensively from Electron's event. */
export function senderInfo(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, channel: string): SenderInfo {
  try {
    const frame = event.senderFrame;
    if (!frame) return { url: '', isMainFrame: false, channel };
    return { url: frame.url, isMainFrame: frame.parent === null, channel };
  } catch (error) {
    // WebFrameMain throws once its frame is gone (navigated away, closed).
    log.warn(`sender frame unavailable on ${channel}`, error);
    return { url: '', isMainFrame: false, channel };
  }
}

/** `ipcMain.handle(channel, ...)` behind the sender check; returns the undo. */
export function handleGuarded(
  ipcMain: IpcHandleTarget,
  channel: string,
  handler: (event: IpcMainInvokeEvent, args: unknown) => Promise<CallOutcome>,
): () => void {
  ipcMain.handle(channel, (event, args: unknown) =>
    isSenderAllowed(senderInfo(event, channel)) ? handler(event, args) : FORBIDDEN,
  );
  return () => ipcMain.removeHandler(channel);
}
