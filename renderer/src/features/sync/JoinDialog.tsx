/**
 * "Join a workspace": paste an invite link or type a short code, give your name. A link is read
 * here to say what it is (workspace, inviter, role) before anything is sent; the host checks it
 * again and looks a code up from the peers it can reach.
 */
import { useId, useState } from 'react';
import { classifyInviteInput, formatCode } from '../../../../shared/crypto/invites';
import { CommonplaceError } from '../../../../shared/errors';
import { useApp } from '../../ui/app-context';
import { Dialog } from '../../ui/Dialog';
import { useCell } from '../../ui/use-cell';

export function JoinDialog({ initial }: { initial: string }) {
  const app = useApp();
  const { me } = useCell(app.state);
  // What the member typed, and the outcome of the last attempt: view state.
  const [text, setText] = useState(initial);
  const [name, setName] = useState(me?.name ?? '');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const inviteId = useId();
  const nameId = useId();
  const parsed = classifyInviteInput(text);
  const close = () => app.sync.closeDialog();

  const join = () => {
    if (busy || parsed.kind === 'invalid' || name.trim() === '') return;
    setBusy(true);
    setFailure(null);
    app.sync
      .join(text.trim(), name.trim())
      .catch((error: unknown) => setFailure(CommonplaceError.from(error).message))
      .finally(() => setBusy(false));
  };

  return (
    <Dialog
      title="Join a workspace"
      testId="join-dialog"
      onSubmit={join}
      onCancel={close}
      actions={
        <>
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy || parsed.kind === 'invalid' || name.trim() === ''} data-testid="join-submit">
            {busy ? 'Joining…' : 'Join'}
          </button>
        </>
      }
    >
      <label className="field-label" htmlFor={inviteId}>
        Invite link or code
      </label>
      <input
        id={inviteId}
        className="text-field"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="commonplace://join/…  or  ABCDE-12345"
        autoFocus={initial === ''}
        spellCheck={false}
        maxLength={2048}
        data-testid="join-invite"
      />
      <p className="dialog-hint" data-testid="join-preview">
        {text.trim() === ''
          ? 'Ask a member for an invite link, or for a code if you are on the same network.'
          : parsed.kind === 'link'
            ? `“${parsed.invite.name}”, from ${parsed.invite.inviter.name || 'a member'}: you join as ${parsed.invite.role}.`
            : parsed.kind === 'code'
              ? `Code ${formatCode(parsed.code)}: we will ask the peers we can reach for it.`
              : parsed.reason}
      </p>
      <label className="field-label" htmlFor={nameId}>
        Your name
      </label>
      <input
        id={nameId}
        className="text-field"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={80}
        required
        autoFocus={initial !== ''}
        data-testid="join-name"
      />
      {failure !== null && (
        <p className="dialog-error" role="alert" data-testid="join-error">
          {failure}
        </p>
      )}
    </Dialog>
  );
}
