/** The sidebar's "New page from template…" button, beside "New page". */
import { useApp } from '../../ui/app-context';
import { gatedButton, type Ability } from '../members/role-actions';
import { TemplateIcon } from '../properties/kind-icons';

/** `ability`: whether our role may add pages (disabled with the reason as the tooltip if not). */
export function NewFromTemplateButton({ ability }: { ability: Ability }) {
  const app = useApp();
  return (
    <button
      type="button"
      className="icon-button small"
      aria-label="New page from template…"
      data-testid="new-from-template"
      {...gatedButton(ability, 'New page from template…')}
      onClick={() => app.templates.open(null)}
    >
      <TemplateIcon />
    </button>
  );
}
