/**
 * The activity feed and the contribution counts equal what a scripted session did.
 *
 * Three members, each on their own Host (real stores, roles from signed grants, write gates,
 * renderers on doc streams); the network between them is simulated by exchanging doc updates
 * with a peer origin (fixtures/activity-peers.ts says exactly what is real and what is not).
 * Each member acts on their own host, so every edit record is written by its author's host and
 * reaches the others the way any change does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ActivityFeed } from '../../shared/bridge/activity';
import type { MemberId, PageId, WorkspaceId } from '../../shared/ids';
import { buildTree, createPage, PAGE_CONTENT } from '../../shared/model';
import { isGoodFirst, readStartHere, setGoodFirst, setStartHere } from '../../shared/model/start-here';
import type { ActivityItem } from '../../shared/model/activity';
import { createAnchor } from '../../shared/model/comment-anchors';
import { commentsDocId, createThread, readThreads, replyToThread } from '../../shared/model/comments';
import { acceptAnswer, createAnswer } from '../../shared/model/questions';
import { WELCOME_TITLE } from '../../shared/model/welcome';
import { Host } from '../../electron/host/host';
import { eventually, Peers, type Peer } from './fixtures/activity-peers';

const peers = new Peers();
let ada: Peer;
let bob: Peer;
let cy: Peer;
let workspaceId: WorkspaceId;
const pages: Record<'p1' | 'p2' | 'p3' | 'question' | 'welcome', PageId> = {} as never;

const look = (name: string) => ({ name, color: '#336699' });
/** An item without its times and id: what the script can predict. */
const shape = (item: ActivityItem) => [item.kind, item.memberId, item.pageId ?? null, item.count ?? null, item.answerBy ?? null].join(' ');

/** One paragraph typed into a page, as one change. */
function type(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(text)]);
    const content = doc.getXmlFragment(PAGE_CONTENT);
    content.insert(content.length, [paragraph]);
  });
}

beforeAll(async () => {
  ada = await peers.add('Ada');
  bob = await peers.add('Bob');
  cy = await peers.add('Cy');
  ({ id: workspaceId } = await ada.host.handlers.workspaces.create({ name: 'Soil lab' }));
  const root = (await ada.host.workspaces.get(workspaceId)).root.doc;
  pages.welcome = [...root.getMap('pages').keys()][0] as PageId;

  // Bob joins as a contributor.
  await peers.join(ada, bob, workspaceId, 'contributor');

  // Ada creates three pages, then edits the first three times and the second twice.
  const adaRoot = await peers.open(ada, workspaceId, workspaceId);
  for (const key of ['p1', 'p2', 'p3'] as const) {
    pages[key] = createPage(adaRoot.doc, { title: key.toUpperCase(), parentId: null, kind: 'note', by: ada.id, now: Date.now() }, 'test');
  }
  await peers.saved(adaRoot);
  const p1 = await peers.open(ada, workspaceId, pages.p1);
  for (const text of ['one', 'two', 'three']) type(p1.doc, text);
  const p2 = await peers.open(ada, workspaceId, pages.p2);
  for (const text of ['alpha', 'beta']) type(p2.doc, text);
  await Promise.all([peers.saved(p1), peers.saved(p2)]);
  await ada.host.activity.flush(workspaceId);
  await peers.exchange(workspaceId, workspaceId);
  await peers.exchange(workspaceId, pages.p2);

  // Bob edits the second page four times, on his host.
  const bobP2 = await peers.open(bob, workspaceId, pages.p2);
  for (const text of ['b1', 'b2', 'b3', 'b4']) type(bobP2.doc, text);
  await peers.saved(bobP2);
  await bob.host.activity.flush(workspaceId);

  // Cy joins as a commenter; Bob asks a question.
  await peers.join(ada, cy, workspaceId, 'commenter');
  const bobRoot = await peers.open(bob, workspaceId, workspaceId);
  pages.question = createPage(bobRoot.doc, { title: 'Which corer?', parentId: null, kind: 'question', by: bob.id, now: Date.now() }, 'test');
  await peers.saved(bobRoot);
  await peers.exchange(workspaceId, workspaceId);

  // Two answers (Ada's, Cy's); Bob, the asker, accepts Cy's.
  const questionDoc = commentsDocId(pages.question);
  const adaAnswers = await peers.open(ada, workspaceId, questionDoc);
  createAnswer(adaAnswers.doc, { body: 'The split corer', author: look('Ada'), by: ada.id, now: Date.now() }, 'test');
  const cyAnswers = await peers.open(cy, workspaceId, questionDoc);
  const cyAnswer = createAnswer(cyAnswers.doc, { body: 'A gouge auger', author: look('Cy'), by: cy.id, now: Date.now() }, 'test');
  await Promise.all([peers.saved(adaAnswers), peers.saved(cyAnswers)]);
  await peers.exchange(workspaceId, questionDoc);
  const bobAnswers = await peers.open(bob, workspaceId, questionDoc);
  acceptAnswer(bobAnswers.doc, { threadId: cyAnswer, askedBy: bob.id, isSteward: false, by: bob.id, now: Date.now() }, 'test');
  await peers.saved(bobAnswers);
  await peers.exchange(workspaceId, questionDoc);

  // Two comments on the first page: Cy opens a thread, Ada replies.
  await peers.exchange(workspaceId, pages.p1);
  const cyP1 = await peers.open(cy, workspaceId, pages.p1);
  const text = cyP1.doc.getXmlFragment(PAGE_CONTENT).get(0) as Y.XmlElement;
  const anchor = createAnchor({ type: text.get(0) as Y.XmlText, index: 0 }, { type: text.get(0) as Y.XmlText, index: 3 });
  const cyComments = await peers.open(cy, workspaceId, commentsDocId(pages.p1));
  const thread = createThread(cyComments.doc, { kind: 'comment', body: 'Which one?', anchor, quote: 'one', author: look('Cy'), by: cy.id, now: Date.now() }, 'test');
  await peers.saved(cyComments);
  await peers.exchange(workspaceId, commentsDocId(pages.p1));
  const adaComments = await peers.open(ada, workspaceId, commentsDocId(pages.p1));
  await eventually(async () => readThreads(adaComments.doc).length === 1, 'Ada sees the thread');
  replyToThread(adaComments.doc, { threadId: thread, body: 'The first core', author: look('Ada'), by: ada.id, now: Date.now() }, 'test');
  await peers.saved(adaComments);
  await peers.exchange(workspaceId, commentsDocId(pages.p1));
  for (const peer of peers.all) await peer.host.activity.flush(workspaceId);
  await peers.exchange(workspaceId, workspaceId);
});

afterAll(() => peers.close());

describe('activity of a scripted session', () => {
  it('feeds exactly what the script did, newest first, the same on every member’s host', async () => {
    const expected = [
      ['page-created', ada.id, pages.welcome, null, null], // the workspace's creation wrote its welcome guide
      ['member-joined', bob.id, null, null, null],
      ['page-created', ada.id, pages.p1, null, null],
      ['page-created', ada.id, pages.p2, null, null],
      ['page-created', ada.id, pages.p3, null, null],
      ['page-edited', ada.id, pages.p1, 3, null],
      ['page-edited', ada.id, pages.p2, 2, null],
      ['page-edited', bob.id, pages.p2, 4, null],
      ['member-joined', cy.id, null, null, null],
      ['question', bob.id, pages.question, null, null],
      ['answer', ada.id, pages.question, null, null],
      ['answer', cy.id, pages.question, null, null],
      ['answer-accepted', bob.id, pages.question, null, cy.id],
      ['comment', cy.id, pages.p1, null, null],
      ['comment', ada.id, pages.p1, null, null],
    ].map((row) => row.join(' '));

    const feeds: ActivityFeed[] = [];
    for (const peer of peers.all) feeds.push(await peer.host.handlers.activity.feed({ workspaceId }));
    for (const feed of feeds) {
      expect(feed.items.map(shape).sort()).toEqual([...expected].sort());
      const times = feed.items.map((item) => item.at);
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(feed.items).toEqual(feeds[0]!.items); // same ids, times and order everywhere
    }
    expect(feeds[0]!.people[cy.id]).toMatchObject({ name: 'Cy' });
    expect(feeds[0]!.items.find((i) => i.kind === 'page-created')).toBeDefined();
    const titles = (await ada.host.workspaces.get(workspaceId)).root.doc.getMap('pages').get(pages.welcome) as Y.Map<unknown>;
    expect(titles.get('title')).toBe(WELCOME_TITLE);
  });

  it('counts each member’s contributions as the script made them', async () => {
    const counts = async (id: MemberId) => (await bob.host.handlers.activity.profile({ workspaceId, memberId: id })).counts;
    expect(await counts(ada.id)).toEqual({ pagesCreated: 4, pagesEdited: 2, changes: 5, comments: 1, questionsAsked: 0, answersGiven: 1, answersAccepted: 0 });
    expect(await counts(bob.id)).toEqual({ pagesCreated: 0, pagesEdited: 1, changes: 4, comments: 0, questionsAsked: 1, answersGiven: 0, answersAccepted: 0 });
    expect(await counts(cy.id)).toEqual({ pagesCreated: 0, pagesEdited: 0, changes: 0, comments: 1, questionsAsked: 0, answersGiven: 1, answersAccepted: 1 });

    const profile = await ada.host.handlers.activity.profile({ workspaceId, memberId: cy.id });
    expect(profile.member).toMatchObject({ id: cy.id, name: 'Cy', role: 'commenter', invitedBy: { id: ada.id, name: 'Ada' }, isMe: false });
    expect(profile.member.joinedAt).toBeGreaterThan(0);
    expect(profile.timeline.at(-1)?.count).toBe(2); // this week: an answer and a comment
    expect(profile.recent.map((i) => i.kind).sort()).toEqual(['answer', 'comment', 'member-joined']);
  });

  it('marks what others did as unread until seen, and keeps "seen" per installation', async () => {
    const before = await ada.host.handlers.activity.feed({ workspaceId });
    const adaJoined = (await ada.host.handlers.members.list({ workspaceId })).members.find((m) => m.isMe)?.joinedAt ?? -1;
    expect(before.lastSeenAt).toBe(adaJoined); // never looked: news since she founded it
    expect(before.unread).toBe(before.items.filter((i) => i.memberId !== ada.id).length);
    // Bob never looked either: what happened before he joined is not news to him.
    const bobs = await bob.host.handlers.activity.feed({ workspaceId });
    const bobJoined = bobs.items.find((i) => i.kind === 'member-joined' && i.memberId === bob.id)?.at ?? -1;
    expect(bobs.lastSeenAt).toBe(bobJoined);
    expect(bobs.unread).toBe(bobs.items.filter((i) => i.memberId !== bob.id && i.at > bobJoined).length);
    expect(bobs.unread).toBeLessThan(bobs.items.filter((i) => i.memberId !== bob.id).length);
    const newest = before.items[0]!.at;
    await ada.host.handlers.activity.markSeen({ workspaceId, at: newest });
    expect((await ada.host.handlers.activity.feed({ workspaceId })).unread).toBe(0);
    await ada.host.handlers.activity.markSeen({ workspaceId, at: newest - 1000 }); // an older mark: no step back
    expect((await ada.host.handlers.activity.localState({ workspaceId })).lastSeenAt).toBe(newest);
    expect((await bob.host.handlers.activity.feed({ workspaceId })).lastSeenAt).toBe(bobJoined); // Bob's own state

    // A new comment by Cy arrives by sync: Ada's host says so, and it is unread.
    const changes: WorkspaceId[] = [];
    const stop = ada.host.onDidChangeActivity((change) => changes.push(change.workspaceId));
    const cyComments = await peers.open(cy, workspaceId, commentsDocId(pages.p3));
    // (The anchor's page text does not matter to the feed: a scratch doc's text stands in.)
    const anchorDoc = new Y.Doc();
    const t = new Y.XmlText('x');
    anchorDoc.getXmlFragment(PAGE_CONTENT).insert(0, [t]);
    createThread(cyComments.doc, { kind: 'comment', body: 'Empty?', anchor: createAnchor({ type: t, index: 0 }, { type: t, index: 1 }), author: look('Cy'), by: cy.id, now: newest + 1 }, 'test');
    await peers.saved(cyComments);
    await peers.exchange(workspaceId, commentsDocId(pages.p3));
    await eventually(async () => changes.includes(workspaceId), 'Ada’s host announces the change');
    stop();
    const after = await ada.host.handlers.activity.feed({ workspaceId });
    expect(after.unread).toBe(1);
    expect(after.items[0]).toMatchObject({ kind: 'comment', memberId: cy.id, pageId: pages.p3 });
    expect((await ada.host.handlers.activity.feed({ workspaceId, since: newest })).items.map(shape)).toEqual([shape(after.items[0]!)]);
  });

  it('keeps a pin only a steward made; a contributor may mark a good first contribution', async () => {
    const hostDoc = async (peer: Peer) => (await peer.host.workspaces.get(workspaceId)).root.doc;
    const refused = async () => (await bob.host.handlers.members.list({ workspaceId })).refusedWrites;
    const bobRoot = await peers.open(bob, workspaceId, workspaceId);
    const bobs = await hostDoc(bob);
    setGoodFirst(bobRoot.doc, pages.p3, true, 'test'); // a page entry: contributors may
    await peers.saved(bobRoot);
    expect(isGoodFirst(bobs, pages.p3)).toBe(true);
    const before = await refused();
    setStartHere(bobRoot.doc, buildTree(bobRoot.doc), pages.p1, 'test'); // meta: stewards only
    await eventually(async () => (await refused()) > before, 'Bob’s host refuses his pin');
    expect(readStartHere(bobs, buildTree(bobs))).toBeNull();
    // (Bob's replica now holds a change his host refused: the UI offers the pin to stewards only.)

    const adaRoot = await peers.open(ada, workspaceId, workspaceId);
    setStartHere(adaRoot.doc, buildTree(adaRoot.doc), pages.p1, 'test');
    await peers.saved(adaRoot);
    await peers.exchange(workspaceId, workspaceId);
    for (const peer of peers.all) {
      const doc = await hostDoc(peer);
      expect(readStartHere(doc, buildTree(doc))).toBe(pages.p1);
      expect(isGoodFirst(doc, pages.p3)).toBe(true);
    }
  });

  it('keeps the records and the reading state across a restart', async () => {
    const before = await ada.host.handlers.activity.feed({ workspaceId });
    await peers.closeRenderers(ada);
    await ada.host.close();
    const reopened = await Host.open({ dataDir: ada.dir, mode: 'browser', version: 'test' });
    const index = peers.all.indexOf(ada);
    ada = { ...ada, host: reopened };
    peers.all[index] = ada;
    const after = await reopened.handlers.activity.feed({ workspaceId });
    expect(after.items).toEqual(before.items);
    expect(after.lastSeenAt).toBe(before.lastSeenAt);
    expect(after.unread).toBe(before.unread);
  });
});
