/**
 * Host-side dispatch: validates a call's arguments against the contract and runs its handler.
 * Every transport (Electron IPC, the browser-mode WebSocket) goes through `dispatch`, so no
 * handler ever sees unvalidated input, and every failure leaves as `{ code, message }`.
 */
import { CommonplaceError, type SerializedError } from '../errors';
import { contract, type Area, type BridgeHandlers } from './contract';

export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: SerializedError };

function lookup(area: string, method: string) {
  if (!Object.hasOwn(contract, area)) return undefined;
  const methods = contract[area as Area] as Record<string, { args: import('zod').ZodType }>;
  return Object.hasOwn(methods, method) ? methods[method] : undefined;
}

/** Parses `raw` for (area, method); throws CommonplaceError('invalid-argument') naming the problem. */
export function parseArgs(area: string, method: string, raw: unknown): unknown {
  const spec = lookup(area, method);
  if (!spec) throw new CommonplaceError('invalid-argument', `unknown bridge method ${area}.${method}`);
  const parsed = spec.args.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new CommonplaceError('invalid-argument', `${area}.${method}: ${issue?.message ?? 'invalid arguments'}${where}`);
  }
  return parsed.data;
}

export async function dispatch(
  handlers: BridgeHandlers,
  area: string,
  method: string,
  raw: unknown,
): Promise<CallOutcome> {
  try {
    const args = parseArgs(area, method, raw);
    const group = handlers[area as Area] as unknown as Record<string, (a: unknown) => Promise<unknown>>;
    const fn = group[method];
    if (!fn) throw new CommonplaceError('internal', `no handler for ${area}.${method}`);
    return { ok: true, value: await fn.call(group, args) };
  } catch (error) {
    return { ok: false, error: CommonplaceError.from(error).toJSON() };
  }
}
