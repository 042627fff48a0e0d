/**
 * "Turn into a guide", in the host: the guide's content is written here exactly once, by the
 * member who asked for it (ARCHITECTURE.md §3: initial content is never seeded per client).
 *
 * Order of writes, so nobody ever sees half a guide:
 *   1. the guide's page doc gets its content (a fresh id nobody can open yet),
 *   2. the guide's comments doc records the question it came from,
 *   3. the workspace doc gets the guide's entry, next to the question,
 *   4. the question's comments doc records the guide.
 * If a step before 3 fails, the docs written so far are removed again.
 */
import { CommonplaceError } from '../../../shared/errors';
import { newPageId, type MemberId, type PageId } from '../../../shared/ids';
import { docToFragment, fragmentToDoc } from '../../../shared/markdown';
import { buildTree, createPage, PAGE_CONTENT, readMember, type PageTree } from '../../../shared/model';
import { commentsDocId, type CommentRecord } from '../../../shared/model/comments';
import { buildGuideDoc, guideTitle } from '../../../shared/model/question-guide';
import { acceptedAnswerOf, answersInOrder, GUIDE_KIND, linkGuide, linkQuestion, QUESTION_KIND, readQuestionState } from '../../../shared/model/questions';
import { LOCAL } from '../origins';
import type { OpenWorkspace } from '../workspace/workspace-service';

/** The name shown for an author nobody recorded. */
const UNKNOWN_AUTHOR = 'A member';

export async function writeGuideFromQuestion(workspace: OpenWorkspace, questionId: PageId, by: MemberId, now: number): Promise<PageId> {
  const root = workspace.root.doc;
  const tree = buildTree(root);
  const question = tree.byId.get(questionId);
  if (question === undefined) throw new CommonplaceError('not-found', `no page ${questionId}`);
  if (question.inTrash) throw new CommonplaceError('conflict', 'the question is in the trash');
  if (question.page.kind !== QUESTION_KIND) throw new CommonplaceError('invalid-argument', 'only a question can be turned into a guide');

  return workspace.docs.with(commentsDocId(questionId), async (comments) => {
    const existing = readQuestionState(comments.doc).guideId;
    if (existing !== null && isLive(tree, existing)) return existing;
    const answers = answersInOrder(comments.doc).filter((answer) => answer.comments[0]?.deletedAt === null);
    if (answers.length === 0) throw new CommonplaceError('conflict', 'a question with no answers cannot become a guide yet');

    const questionContent = await workspace.docs.with(questionId, (page) => fragmentToDoc(page.doc.getXmlFragment(PAGE_CONTENT)).content);
    const content = buildGuideDoc({
      questionId,
      questionTitle: question.page.title,
      questionContent,
      answers,
      acceptedId: acceptedAnswerOf(comments.doc),
      nameOf: (comment: CommentRecord) => readMember(root, comment.createdBy)?.name || comment.author.name || UNKNOWN_AUTHOR,
    });

    const guideId = newPageId();
    try {
      await workspace.docs.with(guideId, async (guide) => {
        docToFragment(content, guide.doc.getXmlFragment(PAGE_CONTENT), LOCAL);
        await guide.persisted.whenSaved();
      });
      await workspace.docs.with(commentsDocId(guideId), async (guideComments) => {
        linkQuestion(guideComments.doc, questionId, LOCAL);
        await guideComments.persisted.whenSaved();
      });
      createPage(
        root,
        { id: guideId, title: guideTitle(question.page.title), parentId: question.parent, after: questionId, kind: GUIDE_KIND, by, now },
        LOCAL,
      );
    } catch (error) {
      await Promise.allSettled([workspace.store.delete(guideId), workspace.store.delete(commentsDocId(guideId))]);
      throw error;
    }
    linkGuide(comments.doc, guideId, LOCAL);
    await Promise.all([comments.persisted.whenSaved(), workspace.root.persisted.whenSaved()]);
    return guideId;
  });
}

function isLive(tree: PageTree, pageId: PageId): boolean {
  const node = tree.byId.get(pageId);
  return node !== undefined && !node.inTrash;
}
