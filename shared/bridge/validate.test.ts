import { describe, expect, it } from 'vitest';
import { CommonplaceError } from '../errors';
import type { BridgeHandlers } from './contract';
import { dispatch, parseArgs } from './validate';

const WS = '0123456789abcdef0123456789abcdef';
const PAGE = 'fedcba9876543210fedcba9876543210';

type Mutable<T> = { -readonly [K in keyof T]: { -readonly [M in keyof T[K]]: T[K][M] } };

function handlers(calls: unknown[]): Mutable<BridgeHandlers> {
  const record = async (args: unknown) => {
    calls.push(args);
    return undefined as never;
  };
  return {
    app: { info: record, openExternal: record, setProfile: record },
    workspaces: { list: record, create: record, rename: record, delete: record },
    pages: { duplicate: record },
    attachments: { put: record, get: record },
  };
}

describe('bridge validation', () => {
  it.each([
    ['workspaces', 'list', undefined],
    ['workspaces', 'list', {}],
    ['workspaces', 'create', { name: 'Lab notes' }],
    ['workspaces', 'rename', { workspaceId: WS, name: 'x' }],
    ['pages', 'duplicate', { workspaceId: WS, pageId: PAGE }],
    ['attachments', 'put', { workspaceId: WS, bytes: new Uint8Array([1, 2]), mime: 'image/png' }],
    ['app', 'openExternal', { url: 'https://example.org' }],
  ])('accepts %s.%s(%j)', async (area, method, args) => {
    const calls: unknown[] = [];
    const outcome = await dispatch(handlers(calls), area, method, args);
    expect(outcome).toEqual({ ok: true, value: undefined });
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['workspaces', 'create', undefined, 'expected object'],
    ['workspaces', 'create', { name: '' }, 'empty'],
    ['workspaces', 'create', { name: 'x'.repeat(201) }, 'name'],
    ['workspaces', 'create', { name: 'ok', extra: 1 }, 'extra'],
    ['workspaces', 'create', { name: 42 }, 'name'],
    ['workspaces', 'rename', { workspaceId: '../../etc', name: 'x' }, 'workspace id'],
    ['workspaces', 'delete', { workspaceId: WS.toUpperCase() }, 'workspace id'],
    ['pages', 'duplicate', { workspaceId: WS, pageId: 'nope' }, 'page id'],
    ['attachments', 'put', { workspaceId: WS, bytes: [1, 2], mime: 'image/png' }, 'bytes'],
    ['attachments', 'put', { workspaceId: WS, bytes: new Uint8Array(1), mime: 'text/html' }, 'image type'],
    ['attachments', 'get', { workspaceId: WS, id: 'sha256-zz' }, 'attachment id'],
    ['app', 'openExternal', { url: 'x'.repeat(3000) }, 'url'],
    ['workspaces', 'nope', {}, 'unknown bridge method'],
    ['__proto__', 'constructor', {}, 'unknown bridge method'],
    ['workspaces', 'toString', {}, 'unknown bridge method'],
  ])('rejects %s.%s(%j) with invalid-argument', async (area, method, args, hint) => {
    const calls: unknown[] = [];
    const outcome = await dispatch(handlers(calls), area, method, args);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid-argument');
    expect(outcome.error.message.toLowerCase()).toContain(hint.toLowerCase().split(' ')[0]);
    expect(calls).toHaveLength(0);
  });

  it('throws a typed CommonplaceError from parseArgs', () => {
    expect(() => parseArgs('workspaces', 'create', { name: '' })).toThrow(CommonplaceError);
    try {
      parseArgs('workspaces', 'create', { name: '' });
    } catch (error) {
      expect((error as CommonplaceError).code).toBe('invalid-argument');
    }
  });

  it('turns a handler failure into {code, message} and keeps known codes', async () => {
    const failing = handlers([]);
    failing.workspaces.delete = async () => {
      throw new CommonplaceError('not-found', 'no workspace');
    };
    failing.workspaces.list = async () => {
      throw new Error('boom');
    };
    expect(await dispatch(failing, 'workspaces', 'delete', { workspaceId: WS })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no workspace' },
    });
    expect(await dispatch(failing, 'workspaces', 'list', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('rebuilds errors that crossed the bridge, and refuses malformed ones', () => {
    const rebuilt = CommonplaceError.fromJSON({ code: 'forbidden', message: 'no' });
    expect(rebuilt).toBeInstanceOf(CommonplaceError);
    expect(rebuilt.code).toBe('forbidden');
    expect(CommonplaceError.fromJSON({ code: 'made-up', message: 'x' }).code).toBe('internal');
    expect(CommonplaceError.fromJSON(null).code).toBe('internal');
  });
});
