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
    pages: { duplicate: record, createFromTemplate: record },
    attachments: { put: record, get: record },
    links: { backlinks: record, unlinkedMentions: record, linkMention: record },
    search: { query: record, titles: record, facets: record },
    questions: { list: record, toGuide: record },
    transfer: { importFolder: record, importFiles: record, exportWorkspace: record, exportPage: record },
    sync: { createInvite: record, join: record, status: record, addPeer: record, settings: record, setSettings: record, takeInvite: record },
    members: { list: record, setRole: record, remove: record },
    activity: { feed: record, profile: record, markSeen: record, localState: record, markStartHereShown: record },
  };
}

describe('bridge validation', () => {
  it.each([
    ['workspaces', 'list', undefined],
    ['workspaces', 'list', {}],
    ['workspaces', 'create', { name: 'Lab notes' }],
    ['workspaces', 'rename', { workspaceId: WS, name: 'x' }],
    ['pages', 'duplicate', { workspaceId: WS, pageId: PAGE }],
    ['pages', 'createFromTemplate', { workspaceId: WS, parentId: null, template: { builtin: 'practice-guide' } }],
    ['pages', 'createFromTemplate', { workspaceId: WS, parentId: PAGE, template: { pageId: PAGE } }],
    ['attachments', 'put', { workspaceId: WS, bytes: new Uint8Array([1, 2]), mime: 'image/png' }],
    ['app', 'openExternal', { url: 'https://example.org' }],
    ['links', 'backlinks', { workspaceId: WS, pageId: PAGE }],
    ['links', 'linkMention', { workspaceId: WS, sourcePageId: PAGE, targetPageId: PAGE, occurrence: { block: 0, start: 12 } }],
    ['questions', 'list', { workspaceId: WS }],
    ['questions', 'toGuide', { workspaceId: WS, pageId: PAGE }],
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
    ['pages', 'createFromTemplate', { workspaceId: WS, parentId: null, template: { builtin: '../x' } }, 'template'],
    ['pages', 'createFromTemplate', { workspaceId: WS, parentId: null, template: { pageId: 'nope' } }, 'template'],
    ['pages', 'createFromTemplate', { workspaceId: WS, parentId: null, template: { builtin: 'question', pageId: PAGE } }, 'template'],
    ['pages', 'createFromTemplate', { workspaceId: WS, template: { builtin: 'question' } }, 'parentId'],
    ['attachments', 'put', { workspaceId: WS, bytes: [1, 2], mime: 'image/png' }, 'bytes'],
    ['attachments', 'put', { workspaceId: WS, bytes: new Uint8Array(1), mime: 'text/html' }, 'image type'],
    ['attachments', 'get', { workspaceId: WS, id: 'sha256-zz' }, 'attachment id'],
    ['app', 'openExternal', { url: 'x'.repeat(3000) }, 'url'],
    ['links', 'backlinks', { workspaceId: WS, pageId: 'nope' }, 'page id'],
    ['links', 'linkMention', { workspaceId: WS, sourcePageId: PAGE, targetPageId: PAGE, occurrence: { block: -1, start: 0 } }, 'block'],
    ['links', 'linkMention', { workspaceId: WS, sourcePageId: PAGE, targetPageId: PAGE, occurrence: { block: 0, start: 1.5 } }, 'start'],
    ['links', 'linkMention', { workspaceId: WS, sourcePageId: PAGE, targetPageId: PAGE, occurrence: { block: 0 } }, 'start'],
    ['questions', 'list', {}, 'workspace id'],
    ['questions', 'toGuide', { workspaceId: WS, pageId: '../x' }, 'page id'],
    ['questions', 'toGuide', { workspaceId: WS, pageId: PAGE, title: 'x' }, 'title'],
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
