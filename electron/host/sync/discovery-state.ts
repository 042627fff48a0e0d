/**
 * What LAN discovery tells the UI: off, starting, running (on which interfaces), or unavailable
 * with the problem and a sentence for the user — who is then offered "add a peer by address".
 */
import type { InterfaceProblem, LanInterface } from './discovery-interfaces';

export type DiscoveryProblem = InterfaceProblem | 'socket-error' | 'no-echo';

export type DiscoveryState =
  | { readonly status: 'off' }
  | { readonly status: 'starting' }
  | { readonly status: 'running'; readonly interfaces: readonly LanInterface[] }
  | { readonly status: 'unavailable'; readonly problem: DiscoveryProblem; readonly message: string };

/** The state to show when discovery is turned off. */
export const DISCOVERY_OFF: DiscoveryState = { status: 'off' };

/** One open mDNS socket as the state sees it. */
export interface SocketHealth {
  readonly nic: LanInterface;
  /** Our own announcement came back on it (multicast works there). */
  readonly echoed: boolean;
  /** When it should have come back by. */
  readonly echoDeadline: number;
  /** The last send's error, or null. */
  readonly failure: string | null;
}

export interface StateInput {
  readonly interfaceProblem: { readonly problem: InterfaceProblem; readonly message: string } | null;
  /** Why the last socket could not open, if none is open. */
  readonly openFailure: string | null;
  readonly sockets: readonly SocketHealth[];
  readonly now: number;
}

export function discoveryState({ interfaceProblem, openFailure, sockets, now }: StateInput): DiscoveryState {
  if (interfaceProblem) return { status: 'unavailable', ...interfaceProblem };
  if (sockets.length === 0) return { status: 'unavailable', problem: 'socket-error', message: openFailure ?? 'no mDNS socket is open' };
  const failures = sockets.map((s) => s.failure);
  if (failures.every((f) => f !== null)) return { status: 'unavailable', problem: 'socket-error', message: failures.join('; ') };
  if (sockets.every((s) => !s.echoed && now >= s.echoDeadline)) {
    const names = sockets.map((s) => s.nic.name).join(', ');
    return { status: 'unavailable', problem: 'no-echo', message: `multicast does not work on ${names}: our own announcements never came back` };
  }
  if (sockets.every((s) => !s.echoed)) return { status: 'starting' };
  return { status: 'running', interfaces: sockets.map((s) => s.nic) };
}
