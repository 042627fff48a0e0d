/**
 * Taking other members' presence (cursors, "here now") down when their connection goes.
 *
 * y-protocols' removeAwarenessStates drops a client's state but keeps its clock, and
 * applyAwarenessUpdate ignores a state whose clock is not newer than the one it has. A member
 * who reconnects sends the same state with the same clock, so it stayed invisible until its
 * next 15-second refresh. Forgetting the clock with the state lets the same state back in at once.
 */
import { removeAwarenessStates, type Awareness } from 'y-protocols/awareness';

/** Removes the states of `clients` (never our own) and forgets their clocks. */
export function forgetPresence(awareness: Awareness, clients: Iterable<number>, origin: unknown): void {
  const others = [...clients].filter((client) => client !== awareness.clientID);
  if (others.length === 0) return;
  removeAwarenessStates(awareness, others, origin);
  for (const client of others) awareness.meta.delete(client);
}
