/**
 * "Add a kind…": a name (checked as it is typed, shared/model/kinds.ts `checkNewKind`), a colour
 * and an optional emoji, with a preview. The kind is added to the workspace for every member.
 */
import { useId, useState } from 'react';
import { checkNewKind, KIND_COLORS, MAX_KIND_ICON_LENGTH, MAX_LABEL_LENGTH, type KindColor, type PageKind } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { Dialog } from '../../ui/Dialog';
import { KindIcon } from './KindIcon';
import { useKinds } from './use-kinds';

export interface AddKindDialogProps {
  readonly open: OpenWorkspace;
  readonly onAdded: (id: PageKind) => void;
  readonly onCancel: () => void;
}

const DEFAULT_NEW_COLOR: KindColor = 'blue';

export function AddKindDialog({ open, onAdded, onCancel }: AddKindDialogProps) {
  const kinds = useKinds(open.session);
  // The form's fields: what the member is typing, not document content.
  const [label, setLabel] = useState('');
  const [color, setColor] = useState<KindColor>(DEFAULT_NEW_COLOR);
  const [icon, setIcon] = useState('');
  const [tried, setTried] = useState(false);
  const nameId = useId();
  const iconId = useId();
  const check = checkNewKind(kinds, label);
  const showProblem = !check.ok && (tried || label.trim() !== '');
  const preview = { id: check.ok ? check.id : 'new', label: check.ok ? check.label : 'New kind', color, icon: icon.trim() || null, builtin: false, known: true };

  const submit = () => {
    setTried(true);
    if (!check.ok) return;
    const id = open.session.addKind({ label, color, icon: icon.trim() || null });
    if (id !== null) onAdded(id);
  };

  return (
    <Dialog
      title="Add a kind of page"
      testId="add-kind-dialog"
      onSubmit={submit}
      onCancel={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={tried && !check.ok} data-testid="add-kind-submit">
            Add kind
          </button>
        </>
      }
    >
      <p className="dialog-message">Every member of this workspace can then give pages this kind.</p>
      <label className="field-label" htmlFor={nameId}>
        Name
      </label>
      <input
        id={nameId}
        className="text-field"
        value={label}
        onChange={(event) => setLabel(event.target.value)}
        placeholder="Protocol, Case study, Dataset…"
        maxLength={MAX_LABEL_LENGTH + 1}
        autoFocus
        autoComplete="off"
        aria-invalid={showProblem}
        aria-describedby={showProblem ? `${nameId}-problem` : undefined}
        data-testid="add-kind-name"
      />
      {showProblem && !check.ok && (
        <p className="field-problem" id={`${nameId}-problem`} role="alert">
          {check.message}
        </p>
      )}
      <span className="field-label">Colour</span>
      <div className="kind-swatches" role="radiogroup" aria-label="Colour">
        {KIND_COLORS.map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={option === color}
            aria-label={option}
            title={option}
            className="kind-swatch"
            data-kind-color={option}
            onClick={() => setColor(option)}
          />
        ))}
      </div>
      <label className="field-label" htmlFor={iconId}>
        Emoji <span className="field-optional">(optional)</span>
      </label>
      <div className="kind-preview-line">
        <input
          id={iconId}
          className="text-field kind-emoji-field"
          value={icon}
          onChange={(event) => setIcon(event.target.value)}
          placeholder="🧪"
          maxLength={MAX_KIND_ICON_LENGTH}
          autoComplete="off"
        />
        <span className="property-button kind-button preview" data-kind-color={color} aria-label="Preview">
          <KindIcon kind={preview} />
          <span>{preview.label}</span>
        </span>
      </div>
    </Dialog>
  );
}
