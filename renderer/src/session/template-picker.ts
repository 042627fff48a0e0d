/**
 * "New page from template…": whether the picker is open and where the page will go, and what
 * choosing a template does. The host makes the page and writes its content once
 * (`pages.createFromTemplate`); this only asks, then opens the new page with its title focused.
 */
import type { PageId } from '../../../shared/ids';
import type { TemplateRef } from '../../../shared/model';
import type { AppController } from './app-controller';
import { StateCell } from './state-cell';

export interface TemplatePickerRequest {
  /** Where the page goes: under this page (last), or at the top level. */
  readonly parentId: PageId | null;
}

export class TemplatePicker {
  readonly request = new StateCell<TemplatePickerRequest | null>(null);
  /** True while the host makes the page: the picker shows it and ignores a second choice. */
  readonly busy = new StateCell(false);

  constructor(private readonly app: AppController) {}

  open(parentId: PageId | null = null): void {
    if (this.app.workspace.get() !== null) this.request.set({ parentId });
  }

  close(): void {
    this.request.set(null);
  }

  async choose(template: TemplateRef): Promise<void> {
    const open = this.app.workspace.get();
    const request = this.request.get();
    if (open === null || request === null || this.busy.get()) return;
    this.busy.set(true);
    try {
      const pageId = await open.session.createFromTemplate(request.parentId, template);
      if (pageId === null) return; // the session reported why
      this.close();
      if (request.parentId !== null) open.treeView.setExpanded(request.parentId, true);
      this.app.freshPage.set(pageId);
      this.app.openPage(pageId);
    } finally {
      this.busy.set(false);
    }
  }
}
