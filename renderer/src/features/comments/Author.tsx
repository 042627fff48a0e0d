/** Who wrote something and when: a coloured initial, the name, the relative time. */
import type { MemberId } from '../../../../shared/ids';
import type { Author as RecordedAuthor } from '../../../../shared/model/comments';
import type { MemberDirectory } from '../../session/member-directory';
import { useCell } from '../../ui/use-cell';
import { formatRelative } from '../../ui/time';

export function Author({ members, id, recorded, at, edited }: {
  members: MemberDirectory;
  id: MemberId;
  recorded?: RecordedAuthor;
  at: number;
  edited?: boolean;
}) {
  useCell(members.version);
  const { name, color } = members.look(id, recorded);
  return (
    <span className="author">
      <span className="author-avatar" style={{ background: color }} aria-hidden="true">
        {name.slice(0, 1).toUpperCase()}
      </span>
      <span className="author-name">{name}</span>
      <time className="author-time" dateTime={new Date(at).toISOString()} title={new Date(at).toLocaleString()}>
        {formatRelative(at, Date.now())}
      </time>
      {edited && <span className="author-edited">(edited)</span>}
    </span>
  );
}
