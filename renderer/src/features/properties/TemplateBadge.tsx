/** Shown on a page marked as a template: says so, and lets a member stop using it as one. */
import type { PageId } from '../../../../shared/ids';
import type { OpenWorkspace } from '../../session/app-controller';
import { Close } from '../../ui/icons';
import { TemplateIcon } from './kind-icons';

export function TemplateBadge({ open, pageId, editable }: { open: OpenWorkspace; pageId: PageId; editable: boolean }) {
  return (
    <span className="template-badge" data-testid="template-badge" title="New pages can be made from this one">
      <TemplateIcon />
      <span>Template</span>
      {editable && (
        <button
          type="button"
          className="tag-chip-remove"
          aria-label="Stop using as a template"
          title="Stop using as a template"
          onClick={() => open.session.setPageTemplate(pageId, false)}
        >
          <Close />
        </button>
      )}
    </span>
  );
}
