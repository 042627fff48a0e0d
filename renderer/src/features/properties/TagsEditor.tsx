/**
 * A page's tags as chips: type and press Enter or comma to add (completing from the tags the
 * workspace uses), × or Backspace in the empty field to remove, click a tag to list its pages in
 * the sidebar. Normalisation follows shared/model/tags.ts (Obsidian's rules).
 */
import { useId, useState, type KeyboardEvent } from 'react';
import type { PageId } from '../../../../shared/ids';
import { addTags, removeTag, suggestTags, tagsFromInput } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { Close } from '../../ui/icons';
import { TagIcon } from './kind-icons';
import { useWorkspaceTags } from './use-kinds';

export interface TagsEditorProps {
  readonly open: OpenWorkspace;
  readonly pageId: PageId;
  readonly tags: readonly string[];
  readonly editable: boolean;
}

/** How many completions show under the field. */
const MAX_SUGGESTIONS = 8;

export function TagsEditor({ open, pageId, tags, editable }: TagsEditorProps) {
  const app = useApp();
  const known = useWorkspaceTags(open.session);
  // The field's text and the highlighted completion: the member's typing, not document content.
  const [draft, setDraft] = useState('');
  const [active, setActive] = useState(-1);
  const [focused, setFocused] = useState(false);
  const listId = useId();
  const suggestions = focused ? suggestTags(known, draft, tags, MAX_SUGGESTIONS) : [];
  const highlighted = active >= 0 && active < suggestions.length ? active : -1;

  const write = (next: readonly string[]) => {
    if (next.length !== tags.length || next.some((tag, i) => tag !== tags[i])) open.session.setPageTags(pageId, next);
  };
  const add = (raw: readonly string[]) => {
    write(addTags(tags, raw, known));
    setDraft('');
    setActive(-1);
  };
  const remove = (tag: string) => write(removeTag(tags, tag));
  const showTag = (tag: string) => {
    open.treeView.filter.showTag(tag);
    if (!app.sidebarOpen.get()) app.toggleSidebar();
  };

  const onChange = (value: string) => {
    // A comma (typed or pasted) ends a tag; what follows the last one stays in the field.
    const cut = value.lastIndexOf(',');
    if (cut >= 0) {
      write(addTags(tags, tagsFromInput(value.slice(0, cut)), known));
      setDraft(value.slice(cut + 1).trimStart());
    } else {
      setDraft(value);
    }
    setActive(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const chosen = highlighted >= 0 ? suggestions[highlighted] : undefined;
    if (event.key === 'Enter') {
      event.preventDefault();
      if (chosen !== undefined) add([chosen.tag]);
      else if (draft.trim() !== '') add(tagsFromInput(draft));
    } else if (event.key === 'Backspace' && draft === '' && tags.length > 0) {
      event.preventDefault();
      remove(tags[tags.length - 1] as string);
    } else if (event.key === 'ArrowDown' && suggestions.length > 0) {
      event.preventDefault();
      setActive((highlighted + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
      event.preventDefault();
      setActive(highlighted <= 0 ? suggestions.length - 1 : highlighted - 1);
    } else if (event.key === 'Escape') {
      if (draft !== '' || suggestions.length > 0) event.stopPropagation();
      setDraft('');
      setActive(-1);
      event.currentTarget.blur();
    }
  };

  return (
    <div className="tags-editor" data-testid="tags-editor">
      <span className="tags-icon" title="Tags">
        <TagIcon />
      </span>
      <ul className="tag-list" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag} className="tag-chip" data-testid="tag-chip" data-tag={tag}>
            <button type="button" className="tag-chip-label" title={`Show the pages tagged ${tag}`} onClick={() => showTag(tag)}>
              {tag}
            </button>
            {editable && (
              <button type="button" className="tag-chip-remove" aria-label={`Remove tag ${tag}`} title="Remove tag" onClick={() => remove(tag)}>
                <Close />
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <div className="tag-field-wrap">
          <input
            className="tag-field"
            value={draft}
            placeholder={tags.length === 0 ? 'Add tags' : 'Add tag'}
            aria-label="Add a tag"
            role="combobox"
            aria-expanded={suggestions.length > 0}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={highlighted >= 0 ? `${listId}-${highlighted}` : undefined}
            autoComplete="off"
            spellCheck={false}
            data-testid="tag-input"
            onChange={(event) => onChange(event.target.value)}
            onKeyDown={onKeyDown}
            onFocus={() => setFocused(true)}
            onBlur={() => {
              setFocused(false);
              if (draft.trim() !== '') add(tagsFromInput(draft));
            }}
          />
          {suggestions.length > 0 && (
            <ul className="tag-suggestions" id={listId} role="listbox" aria-label="Tags in this workspace" data-testid="tag-suggestions">
              {suggestions.map((suggestion, i) => (
                <li
                  key={suggestion.tag}
                  id={`${listId}-${i}`}
                  role="option"
                  aria-selected={i === highlighted}
                  className={i === highlighted ? 'tag-suggestion active' : 'tag-suggestion'}
                  // Keep the focus in the field: the click adds the tag.
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => add([suggestion.tag])}
                >
                  <span>{suggestion.tag}</span>
                  <span className="tag-suggestion-count">{suggestion.count}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
