/** What our role in the open workspace lets us do (members-session.ts), for components. */
import type { OpenWorkspace } from '../../session/app-controller';
import { useCell } from '../../ui/use-cell';
import type { Abilities } from './members-session';

export function useAbilities(open: OpenWorkspace): Abilities {
  return useCell(open.members.abilities);
}
