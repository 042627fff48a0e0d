/**
 * "New page from template…": the built-in templates and the workspace's own (pages marked as
 * templates), as cards. Choosing one asks the host to make the page (app.templates.choose).
 */
import { useMemo, useSyncExternalStore } from 'react';
import { BUILTIN_TEMPLATES, describeKind, pathTo, type PageRecord } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { UNTITLED } from '../../session/workspace-session';
import { useApp } from '../../ui/app-context';
import { Dialog } from '../../ui/Dialog';
import { useCell } from '../../ui/use-cell';
import { KindIcon } from '../properties/KindIcon';
import { useKinds } from '../properties/use-kinds';
import './templates.css';

/** Mounted once (MainArea); shows while a request is open. */
export function TemplatePicker() {
  const app = useApp();
  const request = useCell(app.templates.request);
  const open = useCell(app.workspace);
  if (request === null || open === null) return null;
  return <TemplatePickerDialog open={open} />;
}

function TemplatePickerDialog({ open }: { open: OpenWorkspace }) {
  const app = useApp();
  const busy = useCell(app.templates.busy);
  const kinds = useKinds(open.session);
  const tree = useSyncExternalStore(open.session.subscribe, open.session.getTree);
  const own = useMemo(() => {
    const pages: PageRecord[] = [];
    for (const node of tree.byId.values()) if (node.page.isTemplate && !node.inTrash) pages.push(node.page);
    return pages.sort((a, b) => (a.title || UNTITLED).localeCompare(b.title || UNTITLED));
  }, [tree]);
  const close = () => app.templates.close();

  return (
    <Dialog
      title="New page from a template"
      testId="template-picker"
      onSubmit={close}
      onCancel={close}
      actions={
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
      }
    >
      <h3 className="template-group">Built in</h3>
      <ul className="template-grid" aria-busy={busy}>
        {BUILTIN_TEMPLATES.map((template) => (
          <li key={template.id}>
            <button
              type="button"
              className="template-card"
              data-testid="template-option"
              data-template={template.id}
              disabled={busy}
              onClick={() => void app.templates.choose({ builtin: template.id })}
            >
              <KindIcon kind={describeKind(kinds, template.kind)} />
              <span className="template-name">{template.name}</span>
              <span className="template-description">{template.description}</span>
            </button>
          </li>
        ))}
      </ul>
      <h3 className="template-group">In this workspace</h3>
      {own.length === 0 ? (
        <p className="template-hint" data-testid="no-workspace-templates">
          Any page can be a template: choose <strong>Use as template</strong> in its ⋯ menu in the sidebar.
        </p>
      ) : (
        <ul className="template-grid">
          {own.map((page) => {
            const where = pathTo(tree, page.id).slice(0, -1);
            return (
              <li key={page.id}>
                <button
                  type="button"
                  className="template-card"
                  data-testid="template-option"
                  data-template-page={page.id}
                  disabled={busy}
                  onClick={() => void app.templates.choose({ pageId: page.id })}
                >
                  {page.icon !== null ? <span className="kind-icon">{page.icon}</span> : <KindIcon kind={describeKind(kinds, page.kind)} />}
                  <span className="template-name">{page.title || UNTITLED}</span>
                  <span className="template-description">
                    {where.length > 0 ? `In ${where.map((p) => p.title || UNTITLED).join(' / ')}` : describeKind(kinds, page.kind).label}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
