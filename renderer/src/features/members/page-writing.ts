/**
 * Whether we may write a page's body and title, by our role and the page (the same rule the hosts
 * apply: shared/model/question-policy.ts `mayWritePage`): contributors and stewards every page; a
 * commenter the questions it asked, and nothing else; a reader nothing. The page's kind, tags and
 * template flag stay the contributors' (Abilities.editPages).
 */
import { mayWritePage } from '../../../../shared/model/question-policy';
import type { PageRecord } from '../../../../shared/model/schema';
import type { Abilities } from './members-session';

/** `me`: our member id (null before the host told us). While our role is loading, as abilitiesOf: yes. */
export function mayWriteThisPage(abilities: Abilities, page: Pick<PageRecord, 'kind' | 'createdBy'> | null | undefined, me: string | null): boolean {
  if (abilities.loading) return abilities.editPages;
  return mayWritePage(abilities.role, page, me);
}
