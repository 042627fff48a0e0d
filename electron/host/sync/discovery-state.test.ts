import { describe, expect, it } from 'vitest';
import { discoveryState, type SocketHealth } from './discovery-state';

const eth0 = { name: 'eth0', address: '10.0.0.2', netmask: '255.255.255.0' };
const wlan0 = { name: 'wlan0', address: '192.168.1.2', netmask: '255.255.255.0' };
const socket = (over: Partial<SocketHealth> = {}): SocketHealth => ({ nic: eth0, echoed: true, echoDeadline: 1_000, failure: null, ...over });
const input = (sockets: SocketHealth[], now = 0) => ({ interfaceProblem: null, openFailure: null, sockets, now });

describe('discoveryState', () => {
  it('runs once one socket has heard itself, and says on which interfaces', () => {
    expect(discoveryState(input([socket(), socket({ nic: wlan0, echoed: false })]))).toEqual({ status: 'running', interfaces: [eth0, wlan0] });
  });

  it('is starting until an echo, and unavailable (no-echo) once every socket is past its deadline without one', () => {
    expect(discoveryState(input([socket({ echoed: false })], 500))).toEqual({ status: 'starting' });
    expect(discoveryState(input([socket({ echoed: false }), socket({ nic: wlan0, echoed: false, echoDeadline: 2_000 })], 1_500))).toEqual({ status: 'starting' });
    expect(discoveryState(input([socket({ echoed: false })], 1_000))).toMatchObject({ status: 'unavailable', problem: 'no-echo', message: expect.stringContaining('eth0') });
  });

  it('is unavailable when every socket fails to send, not when one does', () => {
    expect(discoveryState(input([socket({ failure: 'ENETUNREACH' })]))).toMatchObject({ status: 'unavailable', problem: 'socket-error', message: 'ENETUNREACH' });
    expect(discoveryState(input([socket({ failure: 'ENETUNREACH' }), socket({ nic: wlan0 })]))).toMatchObject({ status: 'running' });
  });

  it('puts an interface problem first, then sockets that could not open', () => {
    const problem = { problem: 'no-interface' as const, message: 'none' };
    expect(discoveryState({ ...input([socket()]), interfaceProblem: problem })).toEqual({ status: 'unavailable', ...problem });
    expect(discoveryState({ ...input([]), openFailure: 'EACCES' })).toEqual({ status: 'unavailable', problem: 'socket-error', message: 'EACCES' });
    expect(discoveryState(input([]))).toMatchObject({ status: 'unavailable', problem: 'socket-error' });
  });
});
