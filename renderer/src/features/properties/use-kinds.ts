/** The workspace's kinds and tags, read from its session (they change with the workspace doc). */
import { useSyncExternalStore } from 'react';
import { describeKind, type KindDef, type PageKind, type TagCount } from '../../../../shared/model';
import type { WorkspaceSession } from '../../session/workspace-session';

export function useKinds(session: WorkspaceSession): readonly KindDef[] {
  return useSyncExternalStore(session.subscribe, session.getKinds);
}

export function useKind(session: WorkspaceSession, id: PageKind): KindDef {
  return describeKind(useKinds(session), id);
}

export function useWorkspaceTags(session: WorkspaceSession): readonly TagCount[] {
  return useSyncExternalStore(session.subscribe, session.getTags);
}
