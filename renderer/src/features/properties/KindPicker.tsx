/** The page's kind: a button showing it, and a popover to pick another or add one. */
import { useState } from 'react';
import type { PageId } from '../../../../shared/ids';
import { describeKind, type PageKind } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { Check, ChevronDown, Plus } from '../../ui/icons';
import { Popover } from '../../ui/Popover';
import { AddKindDialog } from './AddKindDialog';
import { KindIcon } from './KindIcon';
import { useKinds } from './use-kinds';

export interface KindPickerProps {
  readonly open: OpenWorkspace;
  readonly pageId: PageId;
  readonly kind: PageKind;
  readonly editable: boolean;
}

export function KindPicker({ open, pageId, kind, editable }: KindPickerProps) {
  const kinds = useKinds(open.session);
  const current = describeKind(kinds, kind);
  // Which of the two overlays shows: view state of this control.
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [adding, setAdding] = useState(false);

  const choose = (id: PageKind) => {
    open.session.setPageKind(pageId, id);
    anchor?.focus();
    setAnchor(null);
  };

  return (
    <>
      <button
        type="button"
        className="property-button kind-button"
        data-kind-color={current.color}
        data-testid="kind-picker"
        data-kind={current.id}
        aria-label={`Kind: ${current.label}`}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        title={editable ? 'Change the kind of page' : current.label}
        disabled={!editable}
        onClick={(event) => setAnchor(anchor === null ? event.currentTarget : null)}
      >
        <KindIcon kind={current} />
        <span>{current.label}</span>
        {editable && <ChevronDown />}
      </button>
      {anchor !== null && (
        <Popover anchor={anchor} label="Kind of page" onClose={() => setAnchor(null)} testId="kind-menu">
          <div role="menu" aria-label="Kinds">
            {kinds.map((option) => (
              <button
                key={option.id}
                type="button"
                role="menuitemradio"
                aria-checked={option.id === current.id}
                className="popover-item"
                data-popover-item
                data-testid="kind-option"
                data-kind={option.id}
                onClick={() => choose(option.id)}
              >
                <KindIcon kind={option} />
                <span className="popover-item-label">{option.label}</span>
                <span className="popover-check">{option.id === current.id && <Check />}</span>
              </button>
            ))}
            <div className="popover-separator" role="separator" />
            <button
              type="button"
              role="menuitem"
              className="popover-item"
              data-popover-item
              data-testid="add-kind"
              onClick={() => {
                setAnchor(null);
                setAdding(true);
              }}
            >
              <Plus />
              <span className="popover-item-label">Add a kind…</span>
            </button>
          </div>
        </Popover>
      )}
      {adding && (
        <AddKindDialog
          open={open}
          onAdded={(id) => {
            setAdding(false);
            open.session.setPageKind(pageId, id);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </>
  );
}
