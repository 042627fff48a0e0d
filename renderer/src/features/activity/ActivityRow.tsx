/** One activity item: who (their colour and name, which open their profile), what, which page, when. */
import type { Person } from '../../../../shared/bridge/activity';
import type { MemberId, PageId } from '../../../../shared/ids';
import type { ActivityItem } from '../../../../shared/model/activity';
import type { PageTree } from '../../../../shared/model';
import { UNTITLED } from '../../session/workspace-session';
import { formatRelative } from '../../ui/time';
import { itemText } from './activity-text';

export interface ActivityRowProps {
  readonly item: ActivityItem;
  readonly people: Readonly<Record<string, Person>>;
  readonly tree: PageTree;
  readonly unread: boolean;
  readonly now: number;
  readonly onOpenPage: (pageId: PageId) => void;
  readonly onOpenMember: (memberId: MemberId) => void;
}

const FALLBACK: Person = { name: 'Someone', color: '#808080' };

export function ActivityRow({ item, people, tree, unread, now, onOpenPage, onOpenMember }: ActivityRowProps) {
  const who = people[item.memberId] ?? FALLBACK;
  const text = itemText(item, item.answerBy === undefined ? '' : (people[item.answerBy] ?? FALLBACK).name);
  const page = item.pageId === undefined ? undefined : tree.byId.get(item.pageId);
  return (
    <li className={unread ? 'activity-item unread' : 'activity-item'} data-testid="activity-item" data-kind={item.kind} data-unread={unread}>
      <span className="activity-avatar" style={{ background: who.color }} aria-hidden="true">
        {who.name.slice(0, 1).toUpperCase()}
      </span>
      <span className="activity-text">
        <button type="button" className="activity-member" data-testid="activity-member" onClick={() => onOpenMember(item.memberId)}>
          {who.name}
        </button>{' '}
        {text.before}{' '}
        {item.pageId !== undefined && (
          <button
            type="button"
            className={page?.inTrash ? 'activity-page trashed' : 'activity-page'}
            data-testid="activity-page"
            title={page?.inTrash ? 'In the trash' : undefined}
            onClick={() => onOpenPage(item.pageId as PageId)}
          >
            {page?.page.title || UNTITLED}
          </button>
        )}
        {text.after}
      </span>
      <time className="activity-time" dateTime={new Date(item.at).toISOString()} title={new Date(item.at).toLocaleString()}>
        {formatRelative(item.at, now)}
      </time>
      {unread && <span className="activity-unread-dot" role="img" aria-label="New" data-testid="activity-unread-marker" />}
    </li>
  );
}
