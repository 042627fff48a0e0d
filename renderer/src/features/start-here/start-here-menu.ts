/** A page menu's Start here entries, for stewards: pin as the onboarding page, mark as a good first contribution. */
import type { PageId } from '../../../../shared/ids';
import type { AppController, OpenWorkspace } from '../../session/app-controller';
import type { MenuEntry } from '../../ui/Menu';
import { startHereOf } from './start-here-session';

export function startHereMenuEntries(app: AppController, open: OpenWorkspace, pageId: PageId): MenuEntry[] {
  const me = app.state.get().me;
  if (me === null) return [];
  const session = startHereOf(app.bridge, open.session, me, app.toasts.error);
  const view = session.getView();
  if (!view.canSteward) return [];
  const pinned = view.pinned === pageId;
  const goodFirst = session.isGoodFirst(pageId);
  return [
    'separator',
    { label: 'Pin as Start here', checked: pinned, onSelect: () => session.pin(pinned ? null : pageId) },
    { label: 'Good first contribution', checked: goodFirst, onSelect: () => session.setGoodFirst(pageId, !goodFirst) },
  ];
}
