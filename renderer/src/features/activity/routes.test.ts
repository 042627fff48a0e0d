import { describe, expect, it } from 'vitest';
import type { MemberId, WorkspaceId } from '../../../../shared/ids';
import { formatRoute, parseRoute } from '../../session/router';

const WS = '0123456789abcdef0123456789abcdef' as WorkspaceId;
const MEMBER = 'ab'.repeat(32) as MemberId;

describe('activity and profile routes', () => {
  it('round-trips #/<ws>/activity and #/<ws>/member/<id>', () => {
    for (const view of [{ kind: 'activity' as const }, { kind: 'member' as const, memberId: MEMBER }]) {
      const hash = formatRoute({ workspaceId: WS, view });
      expect(hash).toBe(view.kind === 'activity' ? `#/${WS}/activity` : `#/${WS}/member/${MEMBER}`);
      expect(parseRoute(hash)).toEqual({ workspaceId: WS, view });
    }
  });

  it('reads a malformed member id as the workspace home', () => {
    for (const bad of ['', 'AB'.repeat(32), 'ab'.repeat(31), `${'ab'.repeat(32)}0`, '../x']) {
      expect(parseRoute(`#/${WS}/member/${bad}`)).toEqual({ workspaceId: WS, view: { kind: 'home' } });
    }
  });
});
