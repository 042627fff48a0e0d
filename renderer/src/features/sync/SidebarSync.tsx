/**
 * The sidebar's sync block: who is here (name, colour, the page they are on — click to go there),
 * and, when no peer is connected and discovery cannot find any, "add a peer by address".
 */
import type { PageId } from '../../../../shared/ids';
import { useApp } from '../../ui/app-context';
import { useCell, useOptionalCell } from '../../ui/use-cell';
import { AddPeerForm } from './AddPeerForm';
import { inviteAbility } from './invite-ability';
import './sync.css';

export function SidebarSync() {
  const app = useApp();
  const present = useCell(app.sync.present);
  const status = useCell(app.sync.status);
  const open = useCell(app.workspace);
  const invite = inviteAbility(useOptionalCell(open?.members.abilities, null));
  const titleOf = (pageId: PageId) => open?.session.getTree().byId.get(pageId)?.page.title || 'Untitled';
  const connected = status?.peers.some((p) => p.connected) ?? false;
  const lonely = status !== null && status.running && !connected && status.discovery.state !== 'on';
  return (
    <div className="sidebar-sync" data-testid="sidebar-sync">
      <div className="sidebar-section">
        <span className="sidebar-heading">Here now</span>
        <span className="sidebar-section-actions">
          <button type="button" className="link-button" onClick={() => app.sync.openPeers()} data-testid="open-peers">
            Peers
          </button>
          <button
            type="button"
            className="link-button"
            onClick={() => app.sync.openShare()}
            disabled={!invite.allowed}
            title={invite.reason}
            data-testid="open-share"
          >
            Invite
          </button>
        </span>
      </div>
      {present.length === 0 ? (
        <p className="presence-empty">Only you</p>
      ) : (
        <ul className="presence-list" data-testid="presence-list">
          {present.map((member) => (
            <li key={member.memberId} className="presence" data-testid="presence">
              <span className="presence-dot" style={{ background: member.color }} aria-hidden="true" />
              <span className="presence-name">{member.name}</span>
              {member.pages[0] !== undefined && (
                <button type="button" className="presence-page" onClick={() => app.openPage(member.pages[0] as PageId)} title="Go to this page">
                  {titleOf(member.pages[0])}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {lonely && (
        <div className="sync-notice compact" data-testid="discovery-notice">
          <span>
            {status.discovery.state === 'off' ? 'Discovery is off' : 'Discovery unavailable'} — add a peer by address
          </span>
          <AddPeerForm compact />
        </div>
      )}
    </div>
  );
}
