import { afterEach, describe, expect, it } from 'vitest';
import { TEST_FLAG, TEST_MEMBER, withTestMember } from './test-identity';

const host = { id: 'h'.repeat(64), name: 'Host', color: '#000000' };
const member = { id: 'ab'.repeat(32), name: 'Ada', color: '#e5484d' };

function stubStorage(values: Record<string, string>): void {
  (globalThis as { localStorage?: unknown }).localStorage = { getItem: (key: string) => values[key] ?? null };
}

afterEach(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('withTestMember', () => {
  it('acts as the test member only when the test flag is set', () => {
    stubStorage({ [TEST_FLAG]: '1', [TEST_MEMBER]: JSON.stringify(member) });
    expect(withTestMember(host)).toEqual(member);
    stubStorage({ [TEST_MEMBER]: JSON.stringify(member) });
    expect(withTestMember(host)).toBe(host);
  });

  it('ignores a malformed test member, and works without localStorage', () => {
    for (const bad of ['{', JSON.stringify({ ...member, id: 'short' }), JSON.stringify({ ...member, color: 'red' }), JSON.stringify({ ...member, name: 7 })]) {
      stubStorage({ [TEST_FLAG]: '1', [TEST_MEMBER]: bad });
      expect(withTestMember(host)).toBe(host);
    }
    delete (globalThis as { localStorage?: unknown }).localStorage;
    expect(withTestMember(host)).toBe(host);
  });
});
