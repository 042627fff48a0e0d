/**
 * For end-to-end tests only: two browser contexts on one `serve` are one installation, so one
 * member. To act as two members, a test sets, before the app loads,
 *   localStorage.COMMONPLACE_TEST = '1'
 *   localStorage.COMMONPLACE_TEST_MEMBER = JSON.stringify({ id, name, color })
 * and this renderer then writes as that member (comments, pages). Without the test flag the
 * host's identity is used, always. (Until roles are enforced between peers, a member id written
 * by a renderer is a claim anyway; see issue 5.)
 */
import type { MemberProfile } from '../../../shared/bridge/contract';
import { createLogger } from '../../../shared/log';

const log = createLogger('test-identity');
export const TEST_FLAG = 'COMMONPLACE_TEST';
export const TEST_MEMBER = 'COMMONPLACE_TEST_MEMBER';
const MEMBER_ID = /^[0-9a-f]{64}$/;
const COLOR = /^#[0-9a-f]{6}$/i;
const MAX_NAME = 200;

export function withTestMember(me: MemberProfile): MemberProfile {
  let raw: string | null;
  try {
    if (localStorage.getItem(TEST_FLAG) !== '1') return me;
    raw = localStorage.getItem(TEST_MEMBER);
  } catch {
    return me; // no localStorage (sandboxed frame): no test identity
  }
  if (raw === null) return me;
  try {
    const { id, name, color } = JSON.parse(raw) as Record<string, unknown>;
    if (typeof id === 'string' && MEMBER_ID.test(id) && typeof name === 'string' && name.length <= MAX_NAME && typeof color === 'string' && COLOR.test(color)) {
      return { id, name, color };
    }
  } catch (error) {
    log.warn(`ignoring a malformed ${TEST_MEMBER}`, error);
    return me;
  }
  log.warn(`ignoring a malformed ${TEST_MEMBER}`);
  return me;
}
