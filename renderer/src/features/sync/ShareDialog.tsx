/**
 * "Share / Invite": pick the role, make an invite, then show the link (with a copy button) and the
 * short code to read out on the same LAN. The invite holds the workspace key: the dialog says so.
 */
import { useId, useState } from 'react';
import type { InviteCreated } from '../../../../shared/bridge/sync';
import { ROLES, type Role } from '../../../../shared/model/members';
import { useApp } from '../../ui/app-context';
import { Dialog } from '../../ui/Dialog';
import { useCell, useOptionalCell } from '../../ui/use-cell';
import { CopyField } from './CopyField';
import { inviteAbility } from './invite-ability';

const ROLE_LABEL: Record<Role, string> = {
  reader: 'Reader — reads',
  commenter: 'Commenter — reads and comments',
  contributor: 'Contributor — writes and edits',
  steward: 'Steward — also manages members',
};

export function ShareDialog() {
  const app = useApp();
  // The role picked and the invite made: view state of this dialog.
  const [role, setRole] = useState<Role>('contributor');
  const [invite, setInvite] = useState<InviteCreated | null>(null);
  const [busy, setBusy] = useState(false);
  const roleId = useId();
  const close = () => app.sync.closeDialog();
  // Our role can change while the dialog is open (a steward demoted us): follow it.
  const ability = inviteAbility(useOptionalCell(useCell(app.workspace)?.members.abilities, null));

  const create = () => {
    if (busy || !ability.allowed) return;
    setBusy(true);
    app.sync.createInvite(role).then(setInvite, app.toasts.error).finally(() => setBusy(false));
  };

  if (invite === null) {
    return (
      <Dialog
        title="Invite to this workspace"
        testId="share-dialog"
        onSubmit={create}
        onCancel={close}
        actions={
          <>
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={busy || !ability.allowed} title={ability.reason} data-testid="create-invite">
              Create invite
            </button>
          </>
        }
      >
        <label className="field-label" htmlFor={roleId}>
          They join as
        </label>
        <select id={roleId} className="text-field" value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="invite-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABEL[r]}
            </option>
          ))}
        </select>
        <p className="dialog-hint">Anyone with the invite can join and read everything in the workspace. Send it only to people you want in.</p>
        {!ability.allowed && (
          <p className="dialog-hint" role="alert" data-testid="invite-refused">
            {ability.reason}
          </p>
        )}
      </Dialog>
    );
  }
  return (
    <Dialog
      title="Invite to this workspace"
      testId="share-dialog"
      onSubmit={close}
      onCancel={close}
      actions={
        <button type="submit" className="button primary" autoFocus>
          Done
        </button>
      }
    >
      <span className="field-label">Invite link</span>
      <CopyField value={invite.link} testId="invite-link" label="Copy link" />
      {invite.code !== null ? (
        <>
          <span className="field-label">Or type this code on the same network</span>
          <div className="invite-code" data-testid="invite-code">
            {invite.code}
          </div>
          <p className="dialog-hint">
            The code works for ten minutes, while this app runs (until {new Date(invite.expiresAt).toLocaleTimeString()}). They join as {invite.role}.
          </p>
        </>
      ) : (
        <p className="dialog-hint">This host does not run sync, so there is no short code: send the link.</p>
      )}
    </Dialog>
  );
}
