/**
 * Template commands in the command palette: "New page from template…", and marking the open page
 * as a template (or no longer one). The filter by kind/tag lives in the sidebar.
 */
import type { AppController } from '../../session/app-controller';
import { roleAbility } from '../members/role-actions';

export function registerTemplateCommands(app: AppController): () => void {
  // The palette leaves out what our role may not do (menus show it disabled, saying why: role-actions.ts).
  const mayChange = () => roleAbility(app.workspace.get()?.members.abilities.get() ?? null, 'changePages').allowed;
  const openPage = () => {
    const page = app.page.get();
    const node = page === null ? undefined : app.workspace.get()?.session.getTree().byId.get(page.pageId);
    return node === undefined || node.inTrash ? null : node.page;
  };
  return app.commands.register(
    {
      id: 'page.newFromTemplate',
      title: 'New page from template…',
      keywords: ['template', 'create', 'guide', 'meeting', 'lessons', 'question'],
      available: mayChange,
      run: () => app.templates.open(null),
    },
    {
      id: 'page.toggleTemplate',
      title: 'Use this page as a template',
      keywords: ['template', 'mark'],
      available: () => mayChange() && openPage()?.isTemplate === false,
      run: () => {
        const page = openPage();
        if (page !== null) app.workspace.get()?.session.setPageTemplate(page.id, true);
      },
    },
    {
      id: 'page.untoggleTemplate',
      title: 'Stop using this page as a template',
      keywords: ['template', 'unmark'],
      available: () => mayChange() && openPage()?.isTemplate === true,
      run: () => {
        const page = openPage();
        if (page !== null) app.workspace.get()?.session.setPageTemplate(page.id, false);
      },
    },
  );
}
