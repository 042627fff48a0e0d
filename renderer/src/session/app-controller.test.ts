import { describe, expect, it } from 'vitest';
import { profileToApply } from './app-controller';

const ADA = { id: 'a'.repeat(64), name: 'Ada', color: '#336699' };

describe('profileToApply', () => {
  it('takes our own profile as the host announces it', () => {
    const renamed = { ...ADA, name: 'Ada L.', color: '#aa3355' };
    expect(profileToApply(ADA, renamed)).toBe(renamed);
  });

  it('ignores it before we know who we are, and for another member (a test member standing in)', () => {
    expect(profileToApply(null, ADA)).toBeNull();
    expect(profileToApply({ ...ADA, id: 'b'.repeat(64) }, ADA)).toBeNull();
  });
});
