/**
 * Comments and questions through a Host in-process, with fake renderers speaking the doc-stream
 * protocol: what two renderers of the same page see, what survives a restart, which streams the
 * host accepts, and "turn into a guide".
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocId, MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { fragmentToDoc } from '../../../shared/markdown';
import { createPage, deletePageForever, listPages, PAGE_CONTENT, readPage, trashPage } from '../../../shared/model';
import { createAnchor } from '../../../shared/model/comment-anchors';
import { commentsDocId, createThread, readThreads, replyToThread, resolveThread } from '../../../shared/model/comments';
import { acceptAnswer, createAnswer, readQuestionState, toggleVote } from '../../../shared/model/questions';
import { Host } from '../host';
import { FakeRenderer, until } from './test-support';

const ADA = 'a1'.repeat(32) as MemberId;
const BOB = 'b2'.repeat(32) as MemberId;
const ORIGIN = 'test';
const ada = { name: 'Ada', color: '#aa3355' };
const bob = { name: 'Bob', color: '#3355aa' };

describe('comments and questions in the host', () => {
  let dir: string;
  const hosts: Host[] = [];
  const renderers: FakeRenderer[] = [];

  const open = async () => {
    const host = await Host.open({ dataDir: dir, mode: 'browser', version: 'test' });
    hosts.push(host);
    return host;
  };
  const connect = async (host: Host, workspaceId: WorkspaceId, docId: DocId) => {
    const renderer = await new FakeRenderer(docId).connect(host, workspaceId);
    renderers.push(renderer);
    return renderer;
  };
  const closeAll = async () => {
    await Promise.all(renderers.splice(0).map((r) => r.close()));
    await Promise.all(hosts.splice(0).map((h) => h.close()));
  };

  /** A workspace with one page ("Field notes", one paragraph) created through a renderer. */
  async function setUp(kind = 'note') {
    dir = await mkdtemp(join(tmpdir(), 'cp-comments-'));
    const host = await open();
    const { id: workspaceId } = await host.handlers.workspaces.create({ name: 'Lab' });
    const root = await connect(host, workspaceId, workspaceId);
    const pageId = createPage(root.doc, { title: 'Field notes', parentId: null, kind, by: ADA, now: 1 }, ORIGIN);
    const page = await connect(host, workspaceId, pageId);
    const text = new Y.XmlText();
    page.doc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [text]);
      page.doc.getXmlFragment(PAGE_CONTENT).insert(0, [paragraph]);
      text.insert(0, 'Samples were taken at dawn.');
    }, ORIGIN);
    return { host, workspaceId, root, pageId, page, text };
  }

  afterEach(async () => {
    await closeAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lets two renderers of a page see each other’s threads, and keeps them across a restart', async () => {
    const { host, workspaceId, pageId, text } = await setUp();
    const docId = commentsDocId(pageId);
    const a = await connect(host, workspaceId, docId);
    const b = await connect(host, workspaceId, docId);

    const anchor = createAnchor({ type: text, index: 8 }, { type: text, index: 13 });
    const threadId = createThread(a.doc, { kind: 'comment', body: 'Which samples?', anchor, quote: 'taken', author: ada, by: ADA, now: 2 }, ORIGIN);
    await until(() => readThreads(b.doc).length === 1, 'B sees the thread');
    expect(readThreads(b.doc)[0]).toMatchObject({ id: threadId, quote: 'taken', createdBy: ADA });

    replyToThread(b.doc, { threadId, body: 'The soil cores.', author: bob, by: BOB, now: 3 }, ORIGIN);
    await until(() => readThreads(a.doc)[0]?.comments.length === 2, 'A sees the reply');
    resolveThread(a.doc, { threadId, by: ADA, now: 4 }, ORIGIN);
    await until(() => readThreads(b.doc)[0]?.resolvedAt === 4, 'B sees it resolved');
    await until(() => a.isSaved() && b.isSaved(), 'saved');

    await closeAll();
    const again = await open();
    const fresh = await connect(again, workspaceId, docId);
    expect(readThreads(fresh.doc)).toEqual(readThreads(a.doc));
    expect(readThreads(fresh.doc)[0]?.comments.map((c) => c.body)).toEqual(['Which samples?', 'The soil cores.']);
  });

  it('accepts the comments doc of a page created just after the request, and refuses one of no page', async () => {
    const { host, workspaceId, root } = await setUp();
    const later = 'c'.repeat(32) as PageId;
    const opening = connect(host, workspaceId, commentsDocId(later));
    createPage(root.doc, { id: later, title: 'Later', parentId: null, kind: 'note', by: ADA, now: 5 }, ORIGIN);
    await expect(opening).resolves.toBeInstanceOf(FakeRenderer);

    const stranger = new FakeRenderer(commentsDocId('d'.repeat(32) as PageId));
    await expect(stranger.connect(host, workspaceId)).rejects.toMatchObject({ code: 'not-found' });
    stranger.doc.destroy();
  }, 10_000);

  it('removes a page’s comments doc when the page is deleted forever', async () => {
    const { host, workspaceId, root, pageId } = await setUp();
    const comments = await connect(host, workspaceId, commentsDocId(pageId));
    createAnswer(comments.doc, { body: 'x', author: ada, by: ADA, now: 2 }, ORIGIN);
    await until(() => comments.isSaved(), 'saved');
    await comments.close();
    const workspace = await host.workspaces.get(workspaceId);
    expect(await workspace.store.list()).toContain(commentsDocId(pageId));
    trashPage(root.doc, { pageId, by: ADA, now: 3 }, ORIGIN);
    deletePageForever(root.doc, { pageId }, ORIGIN);
    await expect.poll(async () => (await workspace.store.list()).includes(commentsDocId(pageId))).toBe(false);
  });

  it('lists open questions and turns one into a guide, linked both ways, once', async () => {
    const { host, workspaceId, root, pageId } = await setUp('question');
    const comments = await connect(host, workspaceId, commentsDocId(pageId));
    const list = () => host.handlers.questions.list({ workspaceId });

    expect(await list()).toEqual([{ pageId, title: 'Field notes', askedBy: ADA, askedAt: 1, answers: 0, acceptedId: null, guideId: null }]);
    await expect(host.handlers.questions.toGuide({ workspaceId, pageId })).rejects.toMatchObject({ code: 'conflict' });

    const first = createAnswer(comments.doc, { body: 'Use the dawn samples.', author: bob, by: BOB, now: 2 }, ORIGIN);
    const second = createAnswer(comments.doc, { body: 'Ask the lab.\n\nThey know.', author: { name: 'Cy', color: '#123456' }, by: 'c3'.repeat(32) as MemberId, now: 3 }, ORIGIN);
    toggleVote(comments.doc, { threadId: second, by: ADA }, ORIGIN);
    acceptAnswer(comments.doc, { threadId: first, by: ADA, now: 4, askedBy: ADA, isSteward: false }, ORIGIN);
    await until(() => comments.isSaved(), 'saved');
    await expect.poll(async () => (await list())[0]).toMatchObject({ answers: 2, acceptedId: first });

    // Asked twice at once, and again later: one guide.
    const [guideId, twin] = await Promise.all([host.handlers.questions.toGuide({ workspaceId, pageId }), host.handlers.questions.toGuide({ workspaceId, pageId })]);
    expect(twin).toBe(guideId);
    expect(await host.handlers.questions.toGuide({ workspaceId, pageId })).toBe(guideId);
    await until(() => readPage(root.doc, guideId) !== null, 'the guide in the tree');
    expect(listPages(root.doc).filter((p) => p.kind === 'guide' && p.title.startsWith('Guide:'))).toHaveLength(1);
    expect(readPage(root.doc, guideId)).toMatchObject({ title: 'Guide: Field notes', kind: 'guide', parentId: null });

    const guide = await connect(host, workspaceId, guideId);
    const json = JSON.stringify(fragmentToDoc(guide.doc.getXmlFragment(PAGE_CONTENT)));
    expect(json).toContain(`"pageId":"${pageId}"`);
    expect(json.indexOf('Use the dawn samples.')).toBeLessThan(json.indexOf('Ask the lab.'));
    expect(json).toContain('Samples were taken at dawn.');
    await until(() => readQuestionState(comments.doc).guideId === guideId, 'the question links the guide');
    const guideComments = await connect(host, workspaceId, commentsDocId(guideId));
    expect(readQuestionState(guideComments.doc).fromQuestion).toBe(pageId);
    expect((await list())[0]?.guideId).toBe(guideId);
  });

  it('refuses to turn a page that is not a question, or no page, into a guide', async () => {
    const { host, workspaceId, pageId } = await setUp('note');
    await expect(host.handlers.questions.toGuide({ workspaceId, pageId })).rejects.toMatchObject({ code: 'invalid-argument' });
    await expect(host.handlers.questions.toGuide({ workspaceId, pageId: 'e'.repeat(32) as PageId })).rejects.toMatchObject({ code: 'not-found' });
    expect(await host.handlers.questions.list({ workspaceId })).toEqual([]);
  });
});
