/** On a page our role does not let us edit (PageView leaves it off a commenter's own question): says what we may do instead, and who can change that. */
import type { Abilities } from './members-session';

export function RoleBanner({ abilities }: { abilities: Abilities }) {
  if (abilities.loading || abilities.editPages) return null;
  const text =
    abilities.role === null
      ? 'You have no role in this workspace (yet, or any more): you can read what this host holds.'
      : abilities.comment
        ? 'You are a commenter here: you can comment and ask, but not edit pages. A steward can change your role.'
        : 'You are a reader here: you can read, but not edit or comment. A steward can change your role.';
  return (
    <div className="banner role-banner" role="note" data-testid="role-banner">
      {text}
    </div>
  );
}
