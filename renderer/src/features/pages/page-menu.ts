/** The entries of a page row's menu (⋯ button and right click), enabled by what applies and what our role allows. */
import type { PageId } from '../../../../shared/ids';
import type { AppController, OpenWorkspace } from '../../session/app-controller';
import { indentTarget, moveDownTarget, moveUpTarget, outdentTarget } from '../../session/tree-moves';
import type { MenuEntry } from '../../ui/Menu';
import type { Abilities } from '../members/members-session';
import { gated, roleAbility } from '../members/role-actions';
import { pageTransferEntries } from '../transfer/transfer-actions';
import { startHereMenuEntries } from '../start-here/start-here-menu';
import { movePage, trashAndRefocus, visibleRows } from './tree-commands';

export function pageMenuEntries(app: AppController, open: OpenWorkspace, pageId: PageId, abilities: Abilities): MenuEntry[] {
  const tree = open.session.getTree();
  const move = (how: 'up' | 'down' | 'indent' | 'outdent') => () => movePage(open, pageId, how);
  // Everything but the exports writes the page tree (the export entries read only).
  const change = roleAbility(abilities, 'changePages');
  const writes = (entry: MenuEntry): MenuEntry => (entry === 'separator' ? entry : gated(entry, change));
  return [
    ...[
      { label: 'Rename', hint: 'F2', onSelect: () => open.treeView.renaming.set(pageId) },
      { label: 'Add subpage', onSelect: () => app.newPage(pageId) },
      { label: 'Add subpage from template…', onSelect: () => app.templates.open(pageId) },
      { label: 'Duplicate', onSelect: () => void app.duplicatePage(pageId) },
      {
        label: 'Use as template',
        checked: tree.byId.get(pageId)?.page.isTemplate ?? false,
        onSelect: () => open.session.setPageTemplate(pageId, !(tree.byId.get(pageId)?.page.isTemplate ?? false)),
      },
    ].map(writes),
    ...startHereMenuEntries(app, open, pageId, abilities),
    'separator',
    ...pageTransferEntries(app, pageId),
    'separator',
    ...[
      { label: 'Move up', hint: 'Alt+Shift+↑', disabled: moveUpTarget(tree, pageId) === null, onSelect: move('up') },
      { label: 'Move down', hint: 'Alt+Shift+↓', disabled: moveDownTarget(tree, pageId) === null, onSelect: move('down') },
      { label: 'Indent', hint: 'Tab', disabled: indentTarget(tree, pageId) === null, onSelect: move('indent') },
      { label: 'Outdent', hint: 'Shift+Tab', disabled: outdentTarget(tree, pageId) === null, onSelect: move('outdent') },
    ].map(writes),
    'separator',
    writes({
      label: 'Move to trash',
      hint: 'Del',
      danger: true,
      onSelect: () => {
        const rows = visibleRows(open);
        trashAndRefocus(app, open, pageId, rows, rows.findIndex((row) => row.node.page.id === pageId));
      },
    }),
  ];
}
