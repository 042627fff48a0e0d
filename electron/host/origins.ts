/**
 * Typed transaction origins in the host, and the one policy over them. Every Y.transact and
 * Y.applyUpdate in the host passes one of these, so whoever listens to a doc can tell where a
 * change came from without guessing.
 */
import { assertNever } from '../../shared/errors';

export type Origin =
  /** Written by the host itself (a new workspace's welcome guide, a rename over the bridge). */
  | { readonly kind: 'local' }
  /** Arrived on a renderer's doc stream; `stream` is that stream, so it is not echoed back to it. */
  | { readonly kind: 'bridge'; readonly stream: object }
  /** Arrived from another host over sync. */
  | { readonly kind: 'peer'; readonly peer: object }
  /** Loaded from this host's store. */
  | { readonly kind: 'disk' }
  /** Written by a Markdown import. */
  | { readonly kind: 'import' };

export const LOCAL: Origin = { kind: 'local' };
export const IMPORT: Origin = { kind: 'import' };

/** Whether a change with this origin must be appended to the store. */
export function shouldPersist(origin: Origin): boolean {
  switch (origin.kind) {
    case 'local':
    case 'bridge':
    case 'peer':
    case 'import':
      return true;
    case 'disk':
      return false;
    default:
      return assertNever(origin, 'origin');
  }
}
