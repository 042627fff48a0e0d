/**
 * Members: everyone with a role in the workspace (from the signed grants), with their role, when
 * they joined and who invited them. A steward changes roles (signing a grant) and removes members
 * (signing a removal and moving everyone else to a new workspace key), after a confirmation.
 */
import { useState } from 'react';
import type { MemberInfo } from '../../../../shared/bridge/members';
import type { OpenWorkspace } from '../../session/app-controller';
import { Dialog } from '../../ui/Dialog';
import { useCell } from '../../ui/use-cell';
import { MemberRow, ROLE_LABELS } from './MemberRow';

const LADDER_HINT = 'Readers read; commenters also comment and ask; contributors also write pages; stewards also look after members.';

export function MembersDialog({ open }: { open: OpenWorkspace }) {
  const members = open.members;
  const view = useCell(members.view);
  const [confirming, setConfirming] = useState<MemberInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => members.dialog.set(false);

  if (confirming) {
    const remove = async () => {
      const result = await members.remove(confirming.id);
      setConfirming(null);
      if (result && result.unreachable.length > 0) setNotice(`${result.unreachable.length} member(s) could not be given the new key: invite them again.`);
      else if (result) setNotice(`${confirming.name} was removed. Everyone else moved to a new workspace key.`);
    };
    return (
      <Dialog
        title={`Remove ${confirming.name}?`}
        testId="remove-member-dialog"
        onSubmit={() => void remove()}
        onCancel={() => setConfirming(null)}
        actions={
          <>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              Cancel
            </button>
            <button type="submit" className="button danger" data-testid="confirm-remove">
              Remove
            </button>
          </>
        }
      >
        <p>They will get nothing new from now on: every host of the workspace stops syncing with them, and the workspace key changes for everyone else.</p>
        <p className="dialog-hint">Removed members keep what they already had. Nothing can take back what a host has already copied.</p>
      </Dialog>
    );
  }

  const active = view?.members.filter((m) => m.role !== 'removed') ?? [];
  const removed = view?.members.filter((m) => m.role === 'removed') ?? [];
  const steward = view?.myRole === 'steward';
  return (
    <Dialog
      title="Members"
      testId="members-dialog"
      onSubmit={close}
      onCancel={close}
      actions={
        <button type="submit" className="button primary">
          Close
        </button>
      }
    >
      {view === null ? (
        <p className="dialog-hint">Reading the members…</p>
      ) : (
        <div className="members-body">
          <p className="dialog-hint" data-testid="my-role">
            {view.myRole === null ? 'You have no role here yet: it arrives with the grant of the steward who invited you.' : `You are a ${ROLE_LABELS[view.myRole].toLowerCase()}. ${LADDER_HINT}`}
          </p>
          {notice && (
            <p className="members-notice" role="status">
              {notice}
            </p>
          )}
          <ul className="member-list" data-testid="member-list">
            {active.map((member) => (
              <MemberRow key={member.id} member={member} manage={steward} onRole={(role) => void members.setRole(member.id, role)} onRemove={() => setConfirming(member)} />
            ))}
          </ul>
          {removed.length > 0 && (
            <>
              <h3 className="members-subheading">Removed</h3>
              <p className="dialog-hint">Removed members keep what they already had, and get nothing new.</p>
              <ul className="member-list removed">
                {removed.map((member) => (
                  <MemberRow key={member.id} member={member} manage={false} onRole={() => undefined} onRemove={() => undefined} />
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Dialog>
  );
}
