import { describe, expect, it, vi } from 'vitest';
import type { BridgeHandlers } from '../../shared/bridge/contract';
import { attachmentUrl } from '../../shared/bridge/preload-api';
import { CommonplaceError } from '../../shared/errors';
import type { AttachmentId, WorkspaceId } from '../../shared/ids';
import { serveAttachment } from './attachment-protocol';

const workspaceId = '0123456789abcdef0123456789abcdef' as WorkspaceId;
const id = `sha256-${'ab'.repeat(32)}` as AttachmentId;
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function handlersWith(get: BridgeHandlers['attachments']['get']): BridgeHandlers {
  return { attachments: { get } } as unknown as BridgeHandlers;
}

describe('serveAttachment', () => {
  it('serves the stored bytes with their type, locked down', async () => {
    const get = vi.fn(async () => ({ id, mime: 'image/png', size: png.byteLength, bytes: png }));
    const reply = await serveAttachment(handlersWith(get), attachmentUrl(workspaceId, id));
    expect(get).toHaveBeenCalledWith({ workspaceId, id });
    expect(reply.status).toBe(200);
    expect([...(reply.body ?? [])]).toEqual([...png]);
    expect(reply.headers).toMatchObject({
      'Content-Type': 'image/png',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': expect.stringContaining("default-src 'none'"),
    });
  });

  it('never serves a stored type that is not an allowed image as itself', async () => {
    const get = vi.fn(async () => ({ id, mime: 'text/html', size: 1, bytes: new Uint8Array([60]) }));
    const reply = await serveAttachment(handlersWith(get), attachmentUrl(workspaceId, id));
    expect(reply.headers['Content-Type']).toBe('application/octet-stream');
  });

  it.each([
    ['a bad workspace id', `cp-attachment://not-a-workspace/${id}`],
    ['an upper-case workspace id', `cp-attachment://${workspaceId.toUpperCase()}x/${id}`],
    ['a bad attachment id', `cp-attachment://${workspaceId}/sha256-zz`],
    ['an encoded path traversal', `cp-attachment://${workspaceId}/..%2F${id}`],
    ['an extra path segment', `cp-attachment://${workspaceId}/${id}/x`],
    ['a query', `cp-attachment://${workspaceId}/${id}?x=1`],
    ['credentials', `cp-attachment://u@${workspaceId}/${id}`],
    ['another scheme', `https://${workspaceId}/${id}`],
    ['garbage', 'cp-attachment:'],
  ])('refuses %s with 400 without calling the host', async (_name, url) => {
    const get = vi.fn();
    const reply = await serveAttachment(handlersWith(get), url);
    expect(reply.status).toBe(400);
    expect(get).not.toHaveBeenCalled();
  });

  it('maps the host’s error codes to statuses', async () => {
    const missing = handlersWith(async () => {
      throw new CommonplaceError('not-found', 'no such attachment');
    });
    expect((await serveAttachment(missing, attachmentUrl(workspaceId, id))).status).toBe(404);
    const broken = handlersWith(async () => {
      throw new Error('disk on fire');
    });
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect((await serveAttachment(broken, attachmentUrl(workspaceId, id))).status).toBe(500);
    expect(printed).toHaveBeenCalled();
    printed.mockRestore();
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const get = vi.fn(async () => ({ id, mime: 'image/png', size: png.byteLength, bytes: png }));
    expect((await serveAttachment(handlersWith(get), attachmentUrl(workspaceId, id), 'HEAD')).body).toBeUndefined();
    expect((await serveAttachment(handlersWith(get), attachmentUrl(workspaceId, id), 'PUT')).status).toBe(405);
  });
});
