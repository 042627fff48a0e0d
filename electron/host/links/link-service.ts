/**
 * Wiki links for every open workspace: one LinkIndex per workspace, attached as the workspace
 * opens and disposed before it closes, and the `links` bridge area over them.
 */
import type { BridgeHandlers } from '../../../shared/bridge/contract';
import type { LinksChange } from '../../../shared/bridge/links';
import { CommonplaceError } from '../../../shared/errors';
import type { WorkspaceId } from '../../../shared/ids';
import { createLogger } from '../../../shared/log';
import { buildTree, PAGE_CONTENT } from '../../../shared/model';
import type { RequireRole } from '../members/host-actions';
import { LOCAL } from '../origins';
import type { OpenWorkspace, WorkspaceService } from '../workspace/workspace-service';
import { LinkIndex } from './link-index';
import { linkMention } from './link-mention';

const log = createLogger('links');

export class LinkService {
  private readonly indexes = new Map<WorkspaceId, LinkIndex>();
  private readonly listeners = new Set<(change: LinksChange) => void>();

  constructor(
    private readonly workspaces: WorkspaceService,
    /** Our own role's check, before the host writes a page (members/host-actions.ts). */
    private readonly requireRole: RequireRole,
  ) {
    workspaces.onDidOpen((workspace) => this.attach(workspace));
  }

  /** The index of a workspace, opening the workspace if needed. */
  async index(workspaceId: WorkspaceId): Promise<LinkIndex> {
    await this.workspaces.get(workspaceId);
    const index = this.indexes.get(workspaceId);
    if (!index) throw new CommonplaceError('not-found', `no link index for workspace ${workspaceId}`);
    return index;
  }

  onDidChange(cb: (change: LinksChange) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  handlers(): BridgeHandlers['links'] {
    return {
      backlinks: async ({ workspaceId, pageId }) => (await this.index(workspaceId)).backlinks(pageId),
      unlinkedMentions: async ({ workspaceId, pageId }) => (await this.index(workspaceId)).unlinkedMentions(pageId),
      linkMention: async ({ workspaceId, sourcePageId, targetPageId, occurrence }) => {
        const workspace = await this.workspaces.get(workspaceId);
        await this.requireRole(workspaceId, 'linkMention');
        const tree = buildTree(workspace.root.doc);
        const target = tree.byId.get(targetPageId);
        if (target === undefined || target.inTrash) throw new CommonplaceError('not-found', `no live page ${targetPageId}`);
        if (!tree.byId.has(sourcePageId)) throw new CommonplaceError('not-found', `no page ${sourcePageId}`);
        await workspace.docs.with(sourcePageId, async (entry) => {
          linkMention(entry.doc.getXmlFragment(PAGE_CONTENT), occurrence, { pageId: targetPageId, title: target.page.title }, LOCAL);
          await entry.persisted.whenSaved();
        });
        await this.indexes.get(workspaceId)?.flush();
      },
    };
  }

  private attach(workspace: OpenWorkspace): void {
    if (this.indexes.has(workspace.id)) return;
    const index = new LinkIndex(workspace, (change) => this.emit({ workspaceId: workspace.id, ...change }));
    this.indexes.set(workspace.id, index);
    workspace.onWillClose(async () => {
      if (this.indexes.get(workspace.id) === index) this.indexes.delete(workspace.id);
      await index.dispose();
    });
  }

  private emit(change: LinksChange): void {
    for (const cb of this.listeners) {
      try {
        cb(change);
      } catch (error) {
        log.error('a links listener failed', error);
      }
    }
  }
}
