import { afterEach, describe, expect, it } from 'vitest';
import type { Bridge } from '../../../shared/bridge/client';
import type { DocChannel } from '../../../shared/bridge/doc-protocol';
import type { MemberId, WorkspaceId } from '../../../shared/ids';
import { questionsOf } from './questions-session';
import { WorkspaceSession } from './workspace-session';

const ADA = { id: 'a'.repeat(64), name: 'Ada', color: '#336699' };
const WS = '1'.repeat(32) as WorkspaceId;

/** A bridge whose host never answers: the session works on its local replica. */
const silentBridge = {
  openDoc: (): DocChannel => ({ send: () => undefined, onMessage: () => () => undefined, onClose: () => () => undefined, close: () => undefined }),
  onConnectionChange: () => () => undefined,
} as unknown as Bridge;

const opened: WorkspaceSession[] = [];
afterEach(() => {
  for (const session of opened.splice(0)) session.destroy();
});

describe('WorkspaceSession profile', () => {
  it('follows a change of our profile: presence (our awareness), the profile cell, and askers’ names', () => {
    const workspace = new WorkspaceSession(silentBridge, WS, ADA, () => undefined, { cache: false });
    opened.push(workspace);
    const questions = questionsOf(silentBridge, workspace, ADA, () => undefined);
    expect(questions.members.look(ADA.id as MemberId).name).toBe('Ada');

    const renamed = { ...ADA, name: 'Ada Lovelace', color: '#aa3355' };
    workspace.setProfile(renamed);
    expect(workspace.profile.get()).toBe(renamed);
    expect(workspace.session.awareness.getLocalState()?.user).toEqual(renamed);
    expect(questions.members.look(ADA.id as MemberId)).toEqual({ name: 'Ada Lovelace', color: '#aa3355' });
  });
});

describe('WorkspaceSession page writes by role', () => {
  it('retitles a page only where our role lets us write it (a commenter: its own questions), and says why not elsewhere', () => {
    const refusals: unknown[] = [];
    const workspace = new WorkspaceSession(silentBridge, WS, ADA, (error) => refusals.push(error), { cache: false });
    opened.push(workspace);
    const question = questionsOf(silentBridge, workspace, ADA, () => undefined).ask();
    const note = workspace.createPage({ parentId: null });
    if (question === null || note === null) throw new Error('no pages');
    // A commenter: may change no page, may write its own question (the app sets both from the role).
    workspace.mayEditPages = () => false;
    workspace.mayWritePage = (pageId) => pageId === question;
    workspace.renamePage(question, 'How do I start?');
    workspace.renamePage(note, 'Mine now');
    workspace.setPageKind(question, 'guide');
    const titles = Object.fromEntries([...workspace.getTree().byId.values()].map((node) => [node.page.id, [node.page.title, node.page.kind]]));
    expect(titles[question]).toEqual(['How do I start?', 'question']);
    expect(titles[note]?.[0]).toBe('');
    expect(refusals).toHaveLength(2);
    expect(String(refusals[0])).toContain('does not let you change pages');
  });
});
