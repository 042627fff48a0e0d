/** One member in the members dialog: who, since when, invited by whom, and — for a steward — their role and removal. */
import type { MemberInfo } from '../../../../shared/bridge/members';
import { ROLES, type Role } from '../../../../shared/model/members';

export const ROLE_LABELS: Readonly<Record<Role | 'removed' | 'none', string>> = {
  reader: 'Reader',
  commenter: 'Commenter',
  contributor: 'Contributor',
  steward: 'Steward',
  removed: 'Removed',
  none: 'No role',
};

const dateOf = (at: number) => (at > 0 ? new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : 'from the start');

export function MemberRow(props: { member: MemberInfo; manage: boolean; onRole: (role: Role) => void; onRemove: () => void }) {
  const { member, manage } = props;
  const editable = manage && !member.isMe && member.role !== 'removed';
  return (
    <li className="member" data-testid="member" data-member-id={member.id} data-role={member.role}>
      <span className="presence-dot" style={{ background: member.color }} aria-hidden="true" />
      <span className="member-who">
        <span className="member-name">
          {member.name}
          {member.isMe && <span className="member-you"> (you)</span>}
        </span>
        <span className="member-meta">
          Joined {dateOf(member.joinedAt)}
          {member.invitedBy && ` · invited by ${member.invitedBy.name}`}
          {!member.reachable && member.role !== 'removed' && ' · not reachable by a key change yet'}
        </span>
      </span>
      {editable ? (
        <select
          className="member-role-select"
          aria-label={`Role of ${member.name}`}
          data-testid="member-role"
          value={member.role}
          onChange={(event) => props.onRole(event.currentTarget.value as Role)}
        >
          {member.role === 'none' && (
            <option value="none" disabled>
              {ROLE_LABELS.none}
            </option>
          )}
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      ) : (
        <span className={`member-role role-${member.role}`} data-testid="member-role-label">
          {ROLE_LABELS[member.role]}
        </span>
      )}
      {editable && (
        <button type="button" className="button small danger" data-testid="member-remove" onClick={props.onRemove}>
          Remove
        </button>
      )}
    </li>
  );
}
