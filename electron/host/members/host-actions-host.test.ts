/**
 * What the host writes itself, on its renderer's behalf, is held to our own member's role (issue 5):
 * for every bridge method that writes a workspace's docs with the LOCAL origin, a role that may is
 * served, and one that may not is refused with `forbidden` — and every doc reads the same after.
 *
 * A whole Host in-process (browser mode, no sync). We create the workspace, so we are its steward;
 * a second steward, whose key the test holds, then signs the grants that set our own role.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signGrant } from '../../../shared/crypto/grants';
import { generateSigner, type Signer } from '../../../shared/crypto/signatures';
import type { MemberId, PageId, WorkspaceId } from '../../../shared/ids';
import { createPage, listPages, PAGE_CONTENT } from '../../../shared/model';
import { commentsDocId } from '../../../shared/model/comments';
import type { Role } from '../../../shared/model/members';
import { createAnswer, readQuestionState } from '../../../shared/model/questions';
import { addGrants } from '../../../shared/model/roles';
import { getMetaMap } from '../../../shared/model/schema';
import { Host } from '../host';
import { link, para, text, writeBlocks } from '../links/test-support';
import { LOCAL } from '../origins';
import { EXIT_FAILURE, EXIT_OK, runCli } from '../transfer/cli-run';
import { writeVault } from '../transfer/test-support';
import { STAGING_DIR } from '../transfer/upload-staging';
import type { OpenWorkspace } from '../workspace/workspace-service';

const OP = 'op-own-role';
const bytes = (value: string) => new TextEncoder().encode(value);

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

interface Fixture {
  readonly host: Host;
  readonly workspaceId: WorkspaceId;
  readonly workspace: OpenWorkspace;
  /** "Alpha": one paragraph that mentions "Gamma notes" as plain text and links to nothing. */
  readonly alpha: PageId;
  readonly gamma: PageId;
  /** A page marked as a template. */
  readonly template: PageId;
  /** A question with one answer. */
  readonly question: PageId;
  /** Makes our own role `role`, signed by the other steward, and waits until the host counts it. */
  readonly become: (role: Role) => Promise<void>;
  /** Every doc of the workspace (its state vector) and the store's list: to show a refusal changed nothing. */
  readonly snapshot: () => Promise<string>;
}

async function fixture(options: { pickFolder?: () => Promise<string | null> } = {}): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'cp-own-role-'));
  const host = await Host.open({ dataDir: dir, mode: 'browser', version: 'test', ...(options.pickFolder ? { pickFolder: async () => options.pickFolder!() } : {}) });
  cleanup.push(() => rm(dir, { recursive: true, force: true }), () => host.close());
  const [info] = await host.handlers.workspaces.list(undefined);
  if (!info) throw new Error('no workspace');
  const workspaceId = info.id;
  const workspace = await host.workspaces.get(workspaceId);
  const root = workspace.root.doc;
  const me = host.identity.id as MemberId;
  const by = { by: me, now: Date.now() };

  const gamma = createPage(root, { title: 'Gamma notes', parentId: null, kind: 'note', ...by }, LOCAL);
  const alpha = createPage(root, { title: 'Alpha', parentId: null, kind: 'note', ...by }, LOCAL);
  const template = createPage(root, { title: 'Protocol', parentId: null, kind: 'guide', isTemplate: true, ...by }, LOCAL);
  const question = createPage(root, { title: 'Which samples?', parentId: null, kind: 'question', ...by }, LOCAL);
  await workspace.docs.with(alpha, async (entry) => {
    writeBlocks(entry.doc, [para(text('Alpha cites '), link(template, 'Protocol'), text(' and gamma notes.'))], LOCAL);
    await entry.persisted.whenSaved();
  });
  await workspace.docs.with(template, async (entry) => {
    writeBlocks(entry.doc, [para(text('Step one.'))], LOCAL);
    await entry.persisted.whenSaved();
  });
  await workspace.docs.with(commentsDocId(question), async (entry) => {
    createAnswer(entry.doc, { body: 'The dawn ones.', author: { name: 'Bo', color: '#0090ff' }, ...by }, LOCAL);
    await entry.persisted.whenSaved();
  });
  await workspace.root.persisted.whenSaved();

  const auth = await host.members.forWorkspace(workspaceId);
  expect(auth.myRole).toBe('steward'); // a workspace nobody joined: its creator is its steward
  const other: Signer = (await generateSigner()).signer;
  await auth.setRole(other.id, 'steward');
  let at = Date.now();
  const become = async (role: Role) => {
    at += 1000;
    addGrants(root, [await signGrant(other, { workspaceId, memberId: me, role, invite: false, at })], LOCAL);
    await auth.refresh();
    expect(auth.myRole).toBe(role);
    await workspace.root.persisted.whenSaved();
  };

  const snapshot = async () => {
    const ids = [...(await workspace.store.list())].sort();
    const states: string[] = [`root ${Buffer.from(Y.encodeStateVector(root)).toString('hex')}`];
    for (const id of ids) {
      if (id === workspaceId) continue;
      states.push(`${id} ${await workspace.docs.with(id as PageId, (entry) => Buffer.from(Y.encodeStateVector(entry.doc)).toString('hex'))}`);
    }
    return states.join('\n');
  };
  return { host, workspaceId, workspace, alpha, gamma, template, question, become, snapshot };
}

/** Expects `call` to be refused for our role, naming the action and the role, with nothing changed. */
async function refused(f: Fixture, call: () => Promise<unknown>, what: string, role: Role): Promise<void> {
  const before = await f.snapshot();
  await expect(call()).rejects.toMatchObject({ code: 'forbidden', message: expect.stringContaining(`can ${what}; you are a ${role}.`) });
  expect(await f.snapshot()).toBe(before);
}

describe('host-side writes are held to our own role', () => {
  it('workspaces.rename needs a steward: a contributor is refused and the name stays', async () => {
    const f = await fixture();
    const rename = (name: string) => f.host.handlers.workspaces.rename({ workspaceId: f.workspaceId, name });
    await f.become('contributor');
    await refused(f, () => rename('Renamed'), 'rename the workspace', 'contributor');
    expect((await f.host.handlers.workspaces.list(undefined)).map((w) => w.name)).not.toContain('Renamed');
    await f.become('steward');
    await rename('Renamed');
    expect(getMetaMap(f.workspace.root.doc).get('name')).toBe('Renamed');
  });

  it('pages.duplicate needs a contributor: a reader and a commenter are refused; promoted, the same call is served', async () => {
    const f = await fixture();
    const duplicate = () => f.host.handlers.pages.duplicate({ workspaceId: f.workspaceId, pageId: f.alpha });
    await f.become('reader');
    await refused(f, duplicate, 'duplicate pages', 'reader');
    await f.become('commenter');
    await refused(f, duplicate, 'duplicate pages', 'commenter');
    await f.become('contributor');
    const copy = await duplicate();
    expect(listPages(f.workspace.root.doc).find((p) => p.id === copy)?.title).toBe('Alpha');
  });

  it('pages.createFromTemplate needs a contributor, from a built-in template or a template page', async () => {
    const f = await fixture();
    const create = (template: { builtin: string } | { pageId: PageId }) => f.host.handlers.pages.createFromTemplate({ workspaceId: f.workspaceId, parentId: null, template });
    await f.become('commenter');
    await refused(f, () => create({ builtin: 'meeting-notes' }), 'add pages from a template', 'commenter');
    await refused(f, () => create({ pageId: f.template }), 'add pages from a template', 'commenter');
    await f.become('contributor');
    const made = await create({ pageId: f.template });
    const content = await f.workspace.docs.with(made, (entry) => entry.doc.getXmlFragment(PAGE_CONTENT).toString());
    expect(content).toContain('Step one.');
  });

  it('links.linkMention needs a contributor (it edits the page); a commenter is refused', async () => {
    const f = await fixture();
    const [mention] = await f.host.handlers.links.unlinkedMentions({ workspaceId: f.workspaceId, pageId: f.gamma }); // reading: any role
    expect(mention).toMatchObject({ sourcePageId: f.alpha });
    const linkIt = () => f.host.handlers.links.linkMention({ workspaceId: f.workspaceId, sourcePageId: f.alpha, targetPageId: f.gamma, occurrence: mention!.occurrence });
    await f.become('commenter');
    await refused(f, linkIt, 'link a mention (it edits the page)', 'commenter');
    await f.become('contributor');
    await linkIt();
    expect(await f.workspace.docs.with(f.alpha, (entry) => entry.doc.getXmlFragment(PAGE_CONTENT).toString())).toContain(f.gamma);
  });

  it('questions.toGuide needs a contributor: a commenter (who may write comments docs) is refused', async () => {
    const f = await fixture();
    const toGuide = () => f.host.handlers.questions.toGuide({ workspaceId: f.workspaceId, pageId: f.question });
    await f.become('commenter');
    await refused(f, toGuide, 'turn a question into a guide', 'commenter');
    await f.become('contributor');
    const guideId = await toGuide();
    expect(listPages(f.workspace.root.doc).find((p) => p.id === guideId)?.kind).toBe('guide');
    expect(await f.workspace.docs.with(commentsDocId(f.question), (entry) => readQuestionState(entry.doc).guideId)).toBe(guideId);
  });

  it('transfer.importFiles needs a contributor: a reader is refused before anything is staged', async () => {
    const f = await fixture();
    const upload = () =>
      f.host.handlers.transfer.importFiles({ workspaceId: f.workspaceId, operationId: OP, files: [{ path: 'notes/Imported.md', bytes: bytes('# Imported') }], done: true });
    await f.become('reader');
    await refused(f, upload, 'import pages', 'reader');
    expect(await readdir(join(f.host.dataDir, STAGING_DIR)).catch(() => [])).toEqual([]);
    await f.become('contributor');
    expect((await upload()).report).toMatchObject({ created: 1 });
    expect(listPages(f.workspace.root.doc).map((p) => p.title)).toContain('Imported');
  });

  it('transfer.importFolder needs a contributor: a commenter is refused before the folder dialog opens', async () => {
    const vault = await writeVault({ 'From disk.md': 'Some text.' });
    cleanup.push(() => rm(dirname(vault), { recursive: true, force: true }));
    let dialogs = 0;
    const f = await fixture({ pickFolder: async () => (dialogs++, vault) });
    const importFolder = () => f.host.handlers.transfer.importFolder({ workspaceId: f.workspaceId, operationId: OP });
    await f.become('commenter');
    await refused(f, importFolder, 'import pages', 'commenter');
    expect(dialogs).toBe(0);
    await f.become('contributor');
    expect(await importFolder()).toMatchObject({ created: 1 });
    expect(dialogs).toBe(1);
  });

  it('the CLI import holds to our role too: into a workspace where we read, refused and nothing written', async () => {
    const vault = await writeVault({ 'From the CLI.md': 'Some text.' });
    cleanup.push(() => rm(dirname(vault), { recursive: true, force: true }));
    const dir = await mkdtemp(join(tmpdir(), 'cp-own-role-cli-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const other = (await generateSigner()).signer; // a second steward, who sets our role
    let at = Date.now();
    const setRoleTo = async (role: Role) => {
      const host = await Host.open({ dataDir: dir, mode: 'desktop', version: 'test' });
      const [info] = await host.handlers.workspaces.list(undefined);
      const auth = await host.members.forWorkspace(info!.id);
      if (auth.myRole === 'steward') await auth.setRole(other.id, 'steward');
      at += 1000;
      const root = (await host.workspaces.get(info!.id)).root;
      addGrants(root.doc, [await signGrant(other, { workspaceId: info!.id, memberId: host.identity.id as MemberId, role, invite: false, at })], LOCAL);
      await auth.refresh();
      expect(auth.myRole).toBe(role);
      await root.persisted.whenSaved();
      const pages = listPages(root.doc).length;
      await host.close();
      return { name: info!.name, pages };
    };
    const { name, pages } = await setRoleTo('reader');
    const err: string[] = [];
    const io = { out: () => undefined, err: (text: string) => void err.push(text) };
    expect(await runCli(['import', vault, '--data', dir, '--workspace', name], io)).toBe(EXIT_FAILURE);
    expect(err.join('\n')).toContain('Only contributors and stewards can import pages; you are a reader.');
    const after = await Host.open({ dataDir: dir, mode: 'desktop', version: 'test' });
    const [info] = await after.handlers.workspaces.list(undefined);
    expect(listPages((await after.workspaces.get(info!.id)).root.doc)).toHaveLength(pages);
    await after.close();
    await setRoleTo('contributor');
    expect(await runCli(['import', vault, '--data', dir, '--workspace', name], io)).toBe(EXIT_OK);
  });

  it('what writes nothing shared stays open to a reader: own profile, exports, reading, activity, attachments', async () => {
    const f = await fixture();
    const { host, workspaceId } = f;
    await f.become('reader');
    await expect(host.handlers.app.setProfile({ name: 'Reader Ana' })).resolves.toMatchObject({ name: 'Reader Ana' });
    await expect(host.handlers.transfer.exportPage({ workspaceId, pageId: f.alpha, format: 'md' })).resolves.toBeTruthy();
    await expect(host.handlers.transfer.exportWorkspace({ workspaceId, operationId: OP })).resolves.toBeTruthy();
    await expect(host.handlers.questions.list({ workspaceId })).resolves.toHaveLength(1);
    await expect(host.handlers.activity.markSeen({ workspaceId, at: Date.now() })).resolves.toBeTruthy();
    await expect(host.handlers.activity.markStartHereShown({ workspaceId })).resolves.toBeTruthy();
    await expect(host.handlers.attachments.put({ workspaceId, bytes: bytes('<svg/>'), mime: 'image/svg+xml' })).resolves.toMatchObject({ mime: 'image/svg+xml' });
  });
});
