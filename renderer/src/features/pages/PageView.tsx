/** The main area for one page: banners, the title, and the editor once the page doc is ready. */
import { useSyncExternalStore } from 'react';
import type { PageId } from '../../../../shared/ids';
import type { OpenPage, OpenWorkspace } from '../../session/app-controller';
import { useApp } from '../../ui/app-context';
import { EmptyState } from '../../ui/EmptyState';
import { PageIcon } from '../../ui/icons';
import { useCell } from '../../ui/use-cell';
import { BacklinksPanel } from '../links/BacklinksPanel';
import { CommentsLayout } from '../comments/CommentsLayout';
import { AnswersSection } from '../questions/AnswersSection';
import { QuestionBanners } from '../questions/QuestionBanners';
import { QUESTION_KIND } from '../../../../shared/model/questions';
import { EditorSlot } from './EditorSlot';
import { PageTitle } from './PageTitle';
import { PropertiesRow } from '../properties/PropertiesRow';
import { ProblemBanner, TrashedBanner } from './banners';
import { RoleBanner } from '../members/RoleBanner';
import { useAbilities } from '../members/use-abilities';
import { mayWriteThisPage } from '../members/page-writing';

export function PageView({ open, pageId }: { open: OpenWorkspace; pageId: PageId }) {
  const app = useApp();
  const node = useSyncExternalStore(open.session.subscribe, () => open.session.getTree().byId.get(pageId));
  const workspaceReady = useCell(open.session.session.ready);
  const { synced } = useCell(open.session.session.status);
  const { hostConnected, me } = useCell(app.state);
  const page: OpenPage | null = useCell(app.page);
  const abilities = useAbilities(open);

  if (node === undefined) {
    // A cached tree may not know a page created elsewhere yet: only the host can say it is gone.
    if (!workspaceReady || (!synced && hostConnected)) return <div className="page-loading" aria-busy="true" />;
    return (
      <EmptyState icon={<PageIcon />} title="This page doesn’t exist" testId="page-missing">
        It may have been deleted forever, here or by another member.
      </EmptyState>
    );
  }
  // The body and title: a commenter may write its own question's. The kind, tags and template
  // flag: contributors only (the hosts refuse the rest: shared/model/question-policy.ts).
  const writable = !node.inTrash && mayWriteThisPage(abilities, node.page, me?.id ?? null);
  const editable = !node.inTrash && abilities.editPages;
  const canComment = !node.inTrash && abilities.comment;
  const comments = page?.pageId === pageId ? page.comments : null;
  return (
    <CommentsLayout comments={comments}>
      <article className="page" data-testid="page-view" data-page-id={pageId}>
        {node.inTrash && <TrashedBanner open={open} pageId={pageId} trashedHere={node.page.trashedAt !== null} />}
        {page?.pageId === pageId && <ProblemBanner session={page.session} />}
        {!node.inTrash && !writable && <RoleBanner abilities={abilities} />}
        {comments !== null && <QuestionBanners open={open} comments={comments} />}
        <PageTitle open={open} pageId={pageId} editable={writable} />
        <PropertiesRow open={open} pageId={pageId} editable={editable} />
        {page?.pageId === pageId ? (
          <EditorSlot open={open} session={page.session} editable={writable} canComment={canComment} comments={page.comments} />
        ) : (
          <div className="editor-skeleton" aria-busy="true" />
        )}
        {comments !== null && node.page.kind === QUESTION_KIND && <AnswersSection open={open} comments={comments} editable={canComment} />}
        <BacklinksPanel key={pageId} open={open} pageId={pageId} />
      </article>
    </CommentsLayout>
  );
}
