/** A page kind as search results show it: its icon and label, as the workspace defines the kind. */
import { describeKind } from '../../../../shared/model';
import type { OpenWorkspace } from '../../session/app-controller';
import { KindIcon } from '../properties/KindIcon';
import { useKinds } from '../properties/use-kinds';

export function KindLabel({ open, kind }: { open: OpenWorkspace; kind: string }) {
  const def = describeKind(useKinds(open.session), kind);
  return (
    <span className="search-kind">
      <KindIcon kind={def} />
      {def.label}
    </span>
  );
}
