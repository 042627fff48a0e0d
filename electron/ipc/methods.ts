/**
 * The contract's methods over IPC: one `ipcMain.handle` per (area, method), each guarded by the
 * sender check and dispatched through `dispatch`, which validates the arguments against the
 * contract's schema. The loop covers every method; `BridgeHandlers` makes a missing handler a
 * compile error in the host.
 */
import { channelName, methodsOf, type BridgeHandlers } from '../../shared/bridge/contract';
import { dispatch } from '../../shared/bridge/validate';
import { handleGuarded, type IpcHandleTarget } from './guard';

export function wireMethods(ipcMain: IpcHandleTarget, handlers: BridgeHandlers): () => void {
  const undo = methodsOf().map(({ area, method }) =>
    handleGuarded(ipcMain, channelName(area, method), (_event, args) => dispatch(handlers, area, method, args)),
  );
  return () => undo.forEach((fn) => fn());
}
