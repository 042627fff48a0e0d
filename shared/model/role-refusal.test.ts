import { describe, expect, it } from 'vitest';
import { roleRefusal } from './role-refusal';

describe('roleRefusal', () => {
  it('names every role from the least one up, and ours', () => {
    expect(roleRefusal('steward', 'rename the workspace', 'contributor')).toBe('Only stewards can rename the workspace; you are a contributor.');
    expect(roleRefusal('contributor', 'import pages', 'reader')).toBe('Only contributors and stewards can import pages; you are a reader.');
    expect(roleRefusal('commenter', 'ask a question', 'reader')).toBe('Only commenters, contributors and stewards can ask a question; you are a reader.');
  });

  it('says so when we have no role', () => {
    expect(roleRefusal('steward', 'invite people', null)).toBe('Only stewards can invite people; you have no role here yet.');
  });
});
