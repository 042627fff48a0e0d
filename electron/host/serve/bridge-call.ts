/**
 * A minimal bridge client for Node: calls contract methods on a running `serve` over its
 * WebSocket (the CLI uses it to reach the host that holds the data directory). Same frames as the
 * renderer's transport (shared/bridge/ws-protocol.ts); the token goes in the query, as for any
 * non-browser client; events and doc streams are not needed here and are ignored.
 */
import WebSocket from 'ws';
import { CommonplaceError } from '../../../shared/errors';
import type { CallOutcome } from '../../../shared/bridge/validate';
import { WS_PATH, decodeServerFrame, encodeFrame } from '../../../shared/bridge/ws-protocol';
import { TOKEN_PARAM } from './guards';

export const CALL_TIMEOUT_MS = 60_000;

export interface BridgeCaller {
  /** Resolves with the method's result; rejects with its CommonplaceError. */
  call<T>(area: string, method: string, args?: unknown): Promise<T>;
  close(): void;
}

export function connectBridge(port: number, token: string, host = '127.0.0.1'): Promise<BridgeCaller> {
  const ws = new WebSocket(`ws://${host}:${port}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`);
  const waiting = new Map<number, (outcome: CallOutcome) => void>();
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    const verdict = decodeServerFrame(data.toString('utf8'));
    if (verdict.ok && verdict.value.t === 'result') waiting.get(verdict.value.id)?.(verdict.value.outcome);
  });
  ws.on('close', () => {
    for (const done of waiting.values()) done({ ok: false, error: { code: 'unavailable', message: 'the host closed the connection' } });
    waiting.clear();
  });
  let next = 1;
  return new Promise((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      ws.on('error', () => undefined); // 'close' follows and fails what is waiting
      resolve({
        call: <T>(area: string, method: string, args?: unknown) =>
          new Promise<T>((done, fail) => {
            const id = next++;
            const timer = setTimeout(() => finish({ ok: false, error: { code: 'unavailable', message: `${area}.${method} timed out` } }), CALL_TIMEOUT_MS);
            const finish = (outcome: CallOutcome) => {
              clearTimeout(timer);
              waiting.delete(id);
              if (outcome.ok) done(outcome.value as T);
              else fail(CommonplaceError.fromJSON(outcome.error));
            };
            waiting.set(id, finish);
            ws.send(encodeFrame({ t: 'call', id, area, method, args }));
          }),
        close: () => ws.close(),
      });
    });
  });
}
