/** The record of a page of the open workspace (undefined: none, or no workspace), following the tree. */
import { useSyncExternalStore } from 'react';
import type { PageId } from '../../../../shared/ids';
import type { PageRecord } from '../../../../shared/model/schema';
import type { OpenWorkspace } from '../../session/app-controller';

const NO_SUBSCRIPTION = (): (() => void) => () => undefined;

export function usePageRecord(open: OpenWorkspace | null, pageId: PageId | null): PageRecord | undefined {
  return useSyncExternalStore(open?.session.subscribe ?? NO_SUBSCRIPTION, () =>
    open !== null && pageId !== null ? open.session.getTree().byId.get(pageId)?.page : undefined,
  );
}
