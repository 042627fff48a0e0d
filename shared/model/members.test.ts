import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MemberId } from '../ids';
import { fillMember, getMembersMap, isMemberColor, isMemberName, listMembers, readMember, writeMember } from './members';

const ana = 'a'.repeat(64) as MemberId;
const ben = 'b'.repeat(64) as MemberId;

describe('writeMember', () => {
  it('creates an entry, then updates only the fields given', () => {
    const doc = new Y.Doc();
    writeMember(doc, ana, { name: 'Ana', color: '#e5484d', role: 'steward', joinedAt: 1, grantedBy: null }, 'test');
    writeMember(doc, ana, { name: 'Ana M.' }, 'test');
    expect(readMember(doc, ana)).toEqual({ id: ana, name: 'Ana M.', color: '#e5484d', role: 'steward', joinedAt: 1, grantedBy: null });
  });

  it('replaces an entry a peer wrote as something other than a map', () => {
    const doc = new Y.Doc();
    getMembersMap(doc).set(ana, 'junk');
    writeMember(doc, ana, { name: 'Ana', role: 'reader' }, 'test');
    expect(readMember(doc, ana)?.name).toBe('Ana');
  });

  it('entries written by two replicas (each its own) merge', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    writeMember(a, ana, { name: 'Ana', role: 'steward', joinedAt: 1, grantedBy: null, color: '#000000' }, 'test');
    writeMember(b, ben, { name: 'Ben', role: 'contributor', joinedAt: 2, grantedBy: ana, color: '#111111' }, 'test');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(listMembers(a)).toEqual(listMembers(b));
    expect(listMembers(a).map((m) => [m.name, m.role, m.grantedBy])).toEqual([
      ['Ana', 'steward', null],
      ['Ben', 'contributor', ana],
    ]);
  });
});

describe('fillMember', () => {
  it('writes only the fields the entry lacks, creating it if missing', () => {
    const doc = new Y.Doc();
    writeMember(doc, ana, { name: 'Ana', color: '#e5484d' }, 'test');
    let writes = 0;
    doc.on('update', () => writes++);
    fillMember(doc, ana, { name: 'Someone else', color: '#000000', role: 'steward', joinedAt: 5, grantedBy: null }, 'test');
    expect(readMember(doc, ana)).toEqual({ id: ana, name: 'Ana', color: '#e5484d', role: 'steward', joinedAt: 5, grantedBy: null });
    fillMember(doc, ana, { role: 'reader', joinedAt: 9 }, 'test'); // has them all: nothing written
    expect(writes).toBe(1);
    fillMember(doc, ben, { name: 'Ben' }, 'test');
    expect(readMember(doc, ben)?.name).toBe('Ben');
  });
});

describe('profile values', () => {
  it('a name is a non-blank string of at most 200 characters; a colour is #rrggbb', () => {
    expect([isMemberName('Ana'), isMemberName('x'.repeat(200))]).toEqual([true, true]);
    expect([isMemberName(''), isMemberName('  '), isMemberName('x'.repeat(201)), isMemberName(3)]).toEqual([false, false, false, false]);
    expect([isMemberColor('#46a758'), isMemberColor('#ABCDEF')]).toEqual([true, true]);
    expect([isMemberColor('red'), isMemberColor('#fff'), isMemberColor('#46a758 '), isMemberColor(null)]).toEqual([false, false, false, false]);
  });
});
