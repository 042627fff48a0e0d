/**
 * Typed transaction origins in the renderer, and the one policy over them (STYLE.md §5).
 *
 * Yjs providers identify their own changes by passing themselves as the origin (that is how they
 * avoid echoing a change back to where it came from), and y-indexeddb does so too, so origins are
 * classified against the session's provider objects rather than tagged.
 */
import { assertNever } from '../../../shared/errors';

export type OriginKind =
  /** Made here: the editor, the title field, a tree operation. */
  | 'local'
  /** Arrived from the host over the doc stream. */
  | 'bridge'
  /** Loaded from this browser's IndexedDB cache. */
  | 'cache';

/** The origin every model operation made by this renderer passes. */
export const LOCAL = Object.freeze({ kind: 'local' as const });

export interface OriginSources {
  readonly bridge: object;
  readonly cache: object | null;
}

export function originKind(origin: unknown, sources: OriginSources): OriginKind {
  if (origin === sources.bridge) return 'bridge';
  if (origin !== null && origin === sources.cache) return 'cache';
  return 'local';
}

/**
 * Whether a change must be sent to the host. Cached changes are sent too: the cache may hold
 * edits made while the host was away, and both are replicas, so merging is always safe.
 */
export function shouldSendToHost(kind: OriginKind): boolean {
  switch (kind) {
    case 'local':
    case 'cache':
      return true;
    case 'bridge':
      return false;
    default:
      return assertNever(kind, 'origin kind');
  }
}
