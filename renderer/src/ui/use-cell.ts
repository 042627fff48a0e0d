import { useSyncExternalStore } from 'react';
import type { StateCell } from '../session/state-cell';

/** Reads a session cell and re-renders when it changes. */
export function useCell<T>(cell: StateCell<T>): T {
  return useSyncExternalStore(cell.subscribe, cell.get);
}

/** Like useCell, for a cell that may not exist yet. */
export function useOptionalCell<T>(cell: StateCell<T> | null | undefined, fallback: T): T {
  const subscribe = cell?.subscribe ?? noSubscribe;
  return useSyncExternalStore(subscribe, () => (cell ? cell.get() : fallback));
}

const noSubscribe = () => () => {};
