import { describe, expect, it } from 'vitest';
import type { MemberId } from '../../../../shared/ids';
import type { Role } from '../../../../shared/model/members';
import { QUESTION_KIND } from '../../../../shared/model/questions';
import type { Abilities } from './members-session';
import { mayWriteThisPage } from './page-writing';

const BEN = 'b'.repeat(64) as MemberId;
const ANA = 'a'.repeat(64) as MemberId;
const as = (role: Role | null): Abilities => ({ role, loading: false, editPages: role === 'contributor' || role === 'steward', comment: role !== null && role !== 'reader', steward: role === 'steward' });
const bensQuestion = { kind: QUESTION_KIND, createdBy: BEN };
const anasNote = { kind: 'note', createdBy: ANA };

describe('mayWriteThisPage', () => {
  it('lets a commenter write the question it asked, and a contributor any page', () => {
    expect(mayWriteThisPage(as('commenter'), bensQuestion, BEN)).toBe(true);
    expect(mayWriteThisPage(as('contributor'), anasNote, BEN)).toBe(true);
  });

  it("keeps a commenter off others' questions and off other pages, and a reader off everything", () => {
    expect(mayWriteThisPage(as('commenter'), bensQuestion, ANA)).toBe(false);
    expect(mayWriteThisPage(as('commenter'), anasNote, ANA)).toBe(false);
    expect(mayWriteThisPage(as('commenter'), bensQuestion, null)).toBe(false);
    expect(mayWriteThisPage(as('reader'), bensQuestion, BEN)).toBe(false);
  });

  it('offers writing while our role is still loading, as every other action is', () => {
    expect(mayWriteThisPage({ role: null, loading: true, editPages: true, comment: true, steward: false }, anasNote, null)).toBe(true);
  });
});
