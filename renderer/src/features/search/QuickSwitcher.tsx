/**
 * The quick switcher (Ctrl/Cmd+K): recent pages when empty; as you type, pages whose title
 * matches (fuzzily) and then pages with the words in their text. Enter opens the page;
 * Ctrl/Cmd+Enter opens the search view with the text.
 */
import { useState, type KeyboardEvent } from 'react';
import type { OpenWorkspace } from '../../session/app-controller';
import { shortcutKeys } from '../../session/commands';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { PageIcon, SearchIcon } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { Highlighted } from './Highlighted';
import { KindLabel } from './KindLabel';
import { Picker } from './picker';
import { Keys, PickerDialog } from './PickerDialog';
import { switcherSource, type SwitcherItem } from './switcher-items';

export function QuickSwitcher({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  // The picker lives as long as the switcher is shown.
  const [picker] = useState(() => new Picker(switcherSource(app.search, open), app.toasts.error));
  const { text } = useCell(picker.state);
  const searchAll = () => app.search.openView(picker.state.get().text.trim());
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return false;
    searchAll();
    return true;
  };
  return (
    <PickerDialog<SwitcherItem>
      label="Go to page"
      placeholder="Go to a page, or find one by a word in it…"
      testId="quick-switcher"
      picker={picker}
      itemKey={(item) => item.pageId}
      renderItem={(item) => <SwitcherRow open={open} item={item} />}
      onChoose={(item) => {
        app.search.close();
        app.openPage(item.pageId);
      }}
      onClose={() => app.search.close()}
      onKey={onKey}
      empty={text.trim() === '' ? 'No pages yet' : 'No pages match'}
      footer={
        <button type="button" className="picker-footer-action" disabled={text.trim() === ''} onClick={searchAll} data-testid="quick-switcher-search-all">
          <SearchIcon />
          <span>{text.trim() === '' ? 'Type to search the text of every page' : `Search all pages for “${text.trim()}”`}</span>
          <Keys keys={shortcutKeys('Mod+Enter')} />
        </button>
      }
    />
  );
}

function SwitcherRow({ open, item }: { open: OpenWorkspace; item: SwitcherItem }) {
  return (
    <>
      <PageIcon />
      <span className="picker-item-main">
        <span className="picker-item-title">
          {item.title === '' ? <span className="untitled">{UNTITLED}</span> : <Highlighted text={item.title} ranges={item.highlights} />}
        </span>
        {item.path.length > 0 && <span className="picker-item-path">{item.path.join(' / ')}</span>}
      </span>
      {item.recent && <span className="picker-item-note">Recent</span>}
      {item.matchedBody && <span className="picker-item-note">In text</span>}
      <KindLabel open={open} kind={item.kind} />
    </>
  );
}
