/** The row under a page's title: its kind, its tags, and whether it is a template. */
import { useSyncExternalStore } from 'react';
import type { PageId } from '../../../../shared/ids';
import { distinctTags } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { KindPicker } from './KindPicker';
import { TagsEditor } from './TagsEditor';
import { TemplateBadge } from './TemplateBadge';
import './properties.css';

export function PropertiesRow({ open, pageId, editable }: { open: OpenWorkspace; pageId: PageId; editable: boolean }) {
  const page = useSyncExternalStore(open.session.subscribe, () => open.session.getTree().byId.get(pageId)?.page);
  if (page === undefined) return null;
  return (
    <div className="page-properties" data-testid="page-properties">
      <KindPicker open={open} pageId={pageId} kind={page.kind} editable={editable} />
      <TagsEditor open={open} pageId={pageId} tags={distinctTags(page.tags)} editable={editable} />
      {page.isTemplate && <TemplateBadge open={open} pageId={pageId} editable={editable} />}
    </div>
  );
}
