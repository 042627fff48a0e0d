/**
 * A page menu's Start here entries: pin as the onboarding page, mark as a good first contribution.
 * Stewards choose them (before any role is known, the workspace's creator); others see them
 * disabled, with why.
 */
import type { PageId } from '../../../../shared/ids';
import type { AppController, OpenWorkspace } from '../../session/app-controller';
import type { MenuEntry } from '../../ui/Menu';
import type { Abilities } from '../members/members-session';
import { gated, roleAbility } from '../members/role-actions';
import { startHereOf } from './start-here-session';

export function startHereMenuEntries(app: AppController, open: OpenWorkspace, pageId: PageId, abilities: Abilities): MenuEntry[] {
  const me = app.state.get().me;
  if (me === null) return [];
  const session = startHereOf(app.bridge, open.session, me, app.toasts.error);
  const view = session.getView();
  const ability = view.canSteward ? { allowed: true, reason: '' } : roleAbility(abilities, 'startHere');
  const pinned = view.pinned === pageId;
  const goodFirst = session.isGoodFirst(pageId);
  return [
    'separator',
    gated({ label: 'Pin as Start here', checked: pinned, onSelect: () => session.pin(pinned ? null : pageId) }, ability),
    gated({ label: 'Good first contribution', checked: goodFirst, onSelect: () => session.setGoodFirst(pageId, !goodFirst) }, ability),
  ];
}
