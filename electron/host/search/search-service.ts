/**
 * Search for every workspace the host opens: a WorkspaceSearch attaches as the workspace opens
 * (WorkspaceService.onDidOpen) and saves and stops as it closes (OpenWorkspace.onWillClose).
 */
import type { WorkspaceId } from '../../../shared/ids';
import type { OpenWorkspace, WorkspaceService } from '../workspace/workspace-service';
import { WorkspaceSearch } from './workspace-search';

const attached = new WeakMap<OpenWorkspace, WorkspaceSearch>();

/** The search of an open workspace (for tests and other host services). */
export const searchOf = (workspace: OpenWorkspace): WorkspaceSearch | undefined => attached.get(workspace);

export class SearchService {
  private readonly unsubscribe: () => void;

  constructor(private readonly workspaces: WorkspaceService) {
    this.unsubscribe = workspaces.onDidOpen((workspace) => {
      if (attached.has(workspace)) return;
      const search = new WorkspaceSearch(workspace);
      attached.set(workspace, search);
      workspace.onWillClose(() => search.close());
    });
  }

  /** Opens the workspace if needed; its search is attached before `get` resolves. */
  async for(workspaceId: WorkspaceId): Promise<WorkspaceSearch> {
    const workspace = await this.workspaces.get(workspaceId);
    const search = attached.get(workspace);
    if (search === undefined) throw new Error(`no search attached to workspace ${workspaceId}`);
    return search;
  }

  dispose(): void {
    this.unsubscribe();
  }
}
