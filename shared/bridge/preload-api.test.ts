import { describe, expect, it } from 'vitest';
import type { AttachmentId, WorkspaceId } from '../ids';
import { CHANNEL_PREFIX } from './contract';
import {
  DOC_OPEN_CHANNEL,
  DOC_PORT_CHANNEL,
  DOC_PORT_MESSAGE,
  attachmentUrl,
  isDocPortMessage,
  parseAttachmentUrl,
  parseDocOpenRequest,
} from './preload-api';

const workspaceId = '0123456789abcdef0123456789abcdef' as WorkspaceId;
const pageId = 'fedcba9876543210fedcba9876543210';
const streamId = '6f1c0a7e-2b9d-4c1e-9a51-3f7d2e8b1c40';
const id = `sha256-${'0f'.repeat(32)}` as AttachmentId;

describe('doc stream channels', () => {
  it('carry the channel prefix, so the sender check admits them', () => {
    expect(DOC_OPEN_CHANNEL.startsWith(CHANNEL_PREFIX)).toBe(true);
    expect(DOC_PORT_CHANNEL.startsWith(CHANNEL_PREFIX)).toBe(true);
  });
});

describe('parseDocOpenRequest', () => {
  it('accepts a workspace doc or a page doc and drops unknown keys', () => {
    expect(parseDocOpenRequest({ workspaceId, docId: workspaceId, streamId })).toEqual({ workspaceId, docId: workspaceId, streamId });
    expect(parseDocOpenRequest({ workspaceId, docId: pageId, streamId, path: '/etc' })).toEqual({ workspaceId, docId: pageId, streamId });
  });

  it.each([
    ['nothing', undefined],
    ['a string', 'open'],
    ['a bad workspace id', { workspaceId: 'x', docId: pageId, streamId }],
    ['a bad doc id', { workspaceId, docId: '../x', streamId }],
    ['no stream id', { workspaceId, docId: pageId }],
    ['a short stream id', { workspaceId, docId: pageId, streamId: 'abc' }],
    ['a stream id with odd characters', { workspaceId, docId: pageId, streamId: '<script>alert(1)</script>' }],
    ['an overlong stream id', { workspaceId, docId: pageId, streamId: 'a'.repeat(65) }],
  ])('refuses %s', (_name, raw) => {
    expect(parseDocOpenRequest(raw)).toBeUndefined();
  });
});

describe('isDocPortMessage', () => {
  it('accepts exactly our tag with a stream id', () => {
    expect(isDocPortMessage({ type: DOC_PORT_MESSAGE, streamId })).toBe(true);
    expect(isDocPortMessage({ type: 'other', streamId })).toBe(false);
    expect(isDocPortMessage({ type: DOC_PORT_MESSAGE })).toBe(false);
    expect(isDocPortMessage(DOC_PORT_MESSAGE)).toBe(false);
    expect(isDocPortMessage(null)).toBe(false);
  });
});

describe('attachment URLs', () => {
  it('round-trip', () => {
    const url = attachmentUrl(workspaceId, id);
    expect(url).toBe(`cp-attachment://${workspaceId}/${id}`);
    expect(parseAttachmentUrl(url)).toEqual({ workspaceId, id });
  });

  it.each([
    `cp-attachment://${workspaceId}/${id}/`,
    `cp-attachment://${workspaceId}/${id}#x`,
    `cp-attachment://${workspaceId}:1/${id}`,
    `cp-attachment://${workspaceId}`,
    `cp-attachment:${workspaceId}/${id}`,
    `app://${workspaceId}/${id}`,
    '',
  ])('refuses %s', (url) => {
    expect(parseAttachmentUrl(url)).toBeUndefined();
  });
});
