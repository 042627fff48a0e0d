/**
 * Pages made from templates, in the host: the page entry and its content are both written here,
 * once, by the member who asked (ARCHITECTURE.md §3: initial content is never seeded by a client
 * on load, which would duplicate it when peers meet). Renderers and peers only ever receive the
 * result through sync.
 *
 * A template is a built-in one (shared/model/templates.ts, written with `docToFragment`) or a
 * visible page of the workspace marked as a template, whose content is copied as new items.
 */
import * as Y from 'yjs';
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import { CommonplaceError } from '../../../shared/errors';
import type { MemberId, PageId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { docToFragment } from '../../../shared/markdown/yjs-fragment';
import { buildTree, builtinTemplate, createPage, getPageContent, type PageKind, type TemplateRef } from '../../../shared/model';
import type { DocEntry } from '../docs/doc-entry';
import type { RequireRole } from '../members/host-actions';
import { LOCAL } from '../origins';
import type { OpenWorkspace, WorkspaceService } from '../workspace/workspace-service';

const log = createLogger('templates');

type CreateFromTemplate = BridgeHandlers['pages']['createFromTemplate'];

/** What a page made from a template starts with, resolved before anything is written. */
interface Source {
  readonly kind: PageKind;
  readonly tags: readonly string[];
  readonly icon: string | null;
  /** Writes the content into the new (empty) page doc, in one LOCAL transaction. */
  readonly write: (target: Y.Doc) => Promise<void>;
}

export function createFromTemplateHandler(workspaces: WorkspaceService, me: MemberId, requireRole: RequireRole): CreateFromTemplate {
  return async ({ workspaceId, parentId, template }) => {
    const workspace = await workspaces.get(workspaceId);
    await requireRole(workspaceId, 'createFromTemplate'); // our own role, as peers would judge it
    const source = resolve(workspace, template);
    const root = workspace.root.doc;
    // createPage validates (parent visible, kind) before it writes anything.
    const pageId = createPage(
      root,
      { title: '', parentId, kind: source.kind, tags: source.tags, icon: source.icon, by: me, now: Date.now() },
      LOCAL,
    );
    await workspace.docs.with(pageId, async (page) => {
      await source.write(page.doc);
      await page.persisted.whenSaved();
    });
    await workspace.root.persisted.whenSaved();
    log.debug(`page ${pageId} made from template ${JSON.stringify(template)}`);
    return pageId;
  };
}

function resolve(workspace: OpenWorkspace, template: TemplateRef): Source {
  if ('builtin' in template) {
    const builtin = builtinTemplate(template.builtin);
    if (builtin === undefined) throw new CommonplaceError('not-found', `no built-in template ${template.builtin}`);
    return {
      kind: builtin.kind,
      tags: [],
      icon: null,
      write: async (target) => docToFragment(builtin.doc, getPageContent(target), LOCAL),
    };
  }
  const node = buildTree(workspace.root.doc).byId.get(template.pageId);
  if (node === undefined) throw new CommonplaceError('not-found', `no page ${template.pageId}`);
  if (node.inTrash) throw new CommonplaceError('conflict', `page ${template.pageId} is in the trash`);
  if (!node.page.isTemplate) throw new CommonplaceError('conflict', `page ${template.pageId} is not a template`);
  const { kind, tags, icon } = node.page;
  return {
    kind,
    tags,
    icon,
    write: (target) => workspace.docs.with(template.pageId as PageId, (entry) => copyContent(entry, target)),
  };
}

/** Copies a page's content as new items (not its history) into an empty page doc. */
function copyContent(from: DocEntry, to: Y.Doc): void {
  const source = getPageContent(from.doc);
  const target = getPageContent(to);
  // XmlHooks are never produced by the editor; clone() of the rest gives fresh items.
  const nodes = source.toArray().filter((node): node is Y.XmlElement | Y.XmlText => !(node instanceof Y.XmlHook));
  to.transact(() => target.insert(0, nodes.map((node) => node.clone())), LOCAL);
}
