import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Bridge } from '../../../shared/bridge/client';
import type { DocChannel } from '../../../shared/bridge/doc-protocol';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, WorkspaceId } from '../../../shared/ids';
import { docToFragment } from '../../../shared/markdown';
import { createPage, getPageContent } from '../../../shared/model';
import { PAGE_TEXT_MOVES } from '../../../shared/model/schema';
import { createAnchor, type Anchor } from '../../../shared/model/comment-anchors';
import { commentsDocId, createThread, type ThreadId } from '../../../shared/model/comments';
import { readThreads } from '../../../shared/model/comment-records';
import { CommentsSession } from './comments-session';
import { DocSession } from './doc-session';

const ADA = { id: 'a'.repeat(64), name: 'Ada', color: '#336699' };
const BAO = 'b'.repeat(64) as MemberId;
const WS = '1'.repeat(32) as WorkspaceId;

/** A bridge whose host never answers: the sessions work on their local replicas. */
const silentBridge = {
  openDoc: (): DocChannel => ({ send: () => undefined, onMessage: () => () => undefined, onClose: () => () => undefined, close: () => undefined }),
  onConnectionChange: () => () => undefined,
} as unknown as Bridge;

const opened: Array<{ destroy(): void }> = [];
afterEach(() => {
  for (const session of opened.splice(0).reverse()) session.destroy();
});

const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

function setUp() {
  const workspaceDoc = new DocSession({ bridge: silentBridge, workspaceId: WS, docId: WS, kind: 'workspace', me: ADA, cache: false });
  const pageId = createPage(workspaceDoc.doc, { title: 'Notes', parentId: null, kind: 'question', by: ADA.id as MemberId, now: 1 }, 'test');
  const page = new DocSession({ bridge: silentBridge, workspaceId: WS, docId: pageId, kind: 'page', me: ADA, cache: false });
  docToFragment(
    { type: 'doc', content: ['First line with words.', 'Second line with more words.'].map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) },
    getPageContent(page.doc),
  );
  const errors: CommonplaceError[] = [];
  const comments = new CommentsSession({ bridge: silentBridge, workspaceId: WS, pageId, page, workspaceDoc, me: ADA, report: (e) => errors.push(CommonplaceError.from(e)), cache: false });
  opened.push(workspaceDoc, page, comments);
  const line = (i: number) => (getPageContent(page.doc).get(i) as Y.XmlElement).get(0) as Y.XmlText;
  const anchorOn = (i: number, words: string): Anchor => {
    const at = line(i).toString().indexOf(words);
    return createAnchor({ type: line(i), index: at }, { type: line(i), index: at + words.length });
  };
  return { comments, page, pageId, errors, line, anchorOn };
}

/** What the editor does to split a paragraph: the text after `at` deleted, and inserted again in a new paragraph below. */
function splitLine(doc: Y.Doc, index: number, at: number): void {
  const content = getPageContent(doc);
  doc.transact(() => {
    const text = (content.get(index) as Y.XmlElement).get(0) as Y.XmlText;
    const tail = text.toString().slice(at);
    text.delete(at, tail.length);
    const paragraph = new Y.XmlElement('paragraph');
    content.insert(index + 1, [paragraph]);
    const copy = new Y.XmlText();
    paragraph.insert(0, [copy]);
    copy.insert(0, tail);
  });
}

describe('CommentsSession', () => {
  it('opens the page’s comments doc', () => {
    const { comments, pageId } = setUp();
    expect(comments.session.doc.guid).toBe(commentsDocId(pageId));
    expect(comments.session.doc.gc).toBe(false);
  });

  it('posts a draft as a thread, lists threads in document order, and highlights the open ones', async () => {
    const { comments, anchorOn, errors } = setUp();
    comments.startDraft({ anchor: anchorOn(1, 'more words'), quote: 'more words' });
    expect(comments.panelOpen.get()).toBe(true);
    expect(comments.getHighlights().draft).not.toBeNull();

    expect(comments.submitDraft('   ')).toBe(false);
    expect(errors.map((e) => e.code)).toEqual(['invalid-argument']);
    expect(comments.draft.get()).not.toBeNull();

    expect(comments.submitDraft('Which words?')).toBe(true);
    expect(comments.draft.get()).toBeNull();
    comments.startDraft({ anchor: anchorOn(0, 'First'), quote: 'First' });
    comments.submitDraft('Why first?');
    await tick();
    const view = comments.view.get();
    expect(view.anchored.map((t) => t.quote)).toEqual(['First', 'more words']);
    expect(comments.activeId.get()).toBe(view.anchored[0]?.id);
    expect(comments.getHighlights().threads.map((t) => t.id)).toEqual(view.anchored.map((t) => t.id));

    comments.resolve(view.anchored[0]!.id);
    await tick();
    expect(comments.getHighlights().threads.map((t) => t.id)).toEqual([view.anchored[1]?.id]);
  });

  it('moves a thread to the orphans when its words are deleted, and keeps the view on other keystrokes', async () => {
    const { comments, anchorOn, line } = setUp();
    comments.startDraft({ anchor: anchorOn(0, 'with words'), quote: 'with words' });
    comments.submitDraft('Hm');
    await tick();
    const before = comments.view.get();
    line(1).insert(0, 'Typing elsewhere ');
    await tick();
    expect(comments.view.get()).toBe(before);

    const text = line(0);
    text.delete(text.toString().indexOf('with words'), 'with words'.length);
    await tick();
    expect(comments.view.get().anchored).toEqual([]);
    expect(comments.view.get().orphaned.map((t) => t.quote)).toEqual(['with words']);
  });

  it('records where a local split moved words, so a thread from a peer made meanwhile stays on them', async () => {
    const { comments, page, anchorOn } = setUp();
    // A peer's thread on words of the second line, made before it saw our split (arrives after it).
    const anchor = anchorOn(1, 'more words');
    const peer = new Y.Doc({ gc: false });
    createThread(peer, { kind: 'comment', body: 'Which?', author: { name: 'Bao', color: '#0090ff' }, by: BAO, now: 1, anchor, quote: 'more words' }, 'test');

    // Our editor splits the line after "Second": its tail deleted and inserted again below.
    splitLine(page.doc, 1, 'Second'.length);
    await tick();
    expect(page.doc.getMap(PAGE_TEXT_MOVES).size).toBe(1);

    Y.applyUpdate(comments.session.doc, Y.encodeStateAsUpdate(peer));
    await tick();
    expect(comments.view.get().orphaned).toEqual([]);
    expect(comments.view.get().anchored.map((t) => t.quote)).toEqual(['more words']);

    // A peer's split is not ours to record (the peer records it).
    const other = new Y.Doc({ gc: false });
    Y.applyUpdate(other, Y.encodeStateAsUpdate(page.doc));
    splitLine(other, 0, 'First'.length);
    Y.applyUpdate(page.doc, Y.encodeStateAsUpdate(other));
    await tick();
    expect(page.doc.getMap(PAGE_TEXT_MOVES).size).toBe(1);
  });

  it('reports a refused change of someone else’s comment', async () => {
    const { comments, anchorOn, errors } = setUp();
    const threadId = createThread(comments.session.doc, { kind: 'comment', body: 'Mine', anchor: anchorOn(0, 'First'), quote: 'First', author: { name: 'Bao', color: '#123456' }, by: BAO, now: 1 }, 'test');
    await tick();
    const comment = comments.view.get().anchored[0]!.comments[0]!;
    expect(comments.edit(threadId, comment.id, 'Hijacked')).toBe(false);
    comments.remove(threadId, comment.id);
    expect(errors.map((e) => e.code)).toEqual(['forbidden', 'forbidden']);
  });

  it('lets the asker accept; answers come accepted first', async () => {
    const { comments } = setUp();
    expect(comments.canAccept()).toBe(true);
    comments.answer('First answer');
    const second = createThread(comments.session.doc, { kind: 'answer', body: 'Second', author: { name: 'Bao', color: '#123456' }, by: BAO, now: Date.now() + 1 }, 'test');
    comments.accept(second as ThreadId);
    await tick();
    const { answers, question } = comments.view.get();
    expect(question.acceptedId).toBe(second);
    expect(answers.map((a) => a.comments[0]?.body)).toEqual(['Second', 'First answer']);
  });
});

describe('CommentsSession profile', () => {
  it('follows a change of our profile: author names, our awareness, and what new comments record', () => {
    const { comments, page, anchorOn } = setUp();
    const versions: number[] = [];
    comments.members.version.subscribe(() => versions.push(comments.members.version.get()));
    expect(comments.members.look(ADA.id as MemberId)).toEqual({ name: 'Ada', color: '#336699' });

    const renamed = { ...ADA, name: 'Ada Lovelace', color: '#aa3355' };
    comments.setProfile(renamed);
    page.setProfile(renamed); // the app does both (app-controller.ts applyProfile)
    expect(versions.length).toBeGreaterThan(0); // components re-render
    expect(comments.members.look(ADA.id as MemberId)).toEqual({ name: 'Ada Lovelace', color: '#aa3355' });
    expect(comments.me).toEqual(renamed);
    expect(comments.session.awareness.getLocalState()?.user).toEqual(renamed);

    comments.startDraft({ anchor: anchorOn(0, 'First'), quote: 'First' });
    expect(comments.submitDraft('Renamed, and it shows')).toBe(true);
    expect(readThreads(comments.session.doc).map((thread) => thread.comments[0]?.author)).toEqual([{ name: 'Ada Lovelace', color: '#aa3355' }]);
  });
});
