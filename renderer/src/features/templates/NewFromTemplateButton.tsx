/** The sidebar's "New page from template…" button, beside "New page". */
import { useApp } from '../../ui/app-context';
import { TemplateIcon } from '../properties/kind-icons';

export function NewFromTemplateButton() {
  const app = useApp();
  return (
    <button
      type="button"
      className="icon-button small"
      aria-label="New page from template…"
      title="New page from template…"
      data-testid="new-from-template"
      onClick={() => app.templates.open(null)}
    >
      <TemplateIcon />
    </button>
  );
}
