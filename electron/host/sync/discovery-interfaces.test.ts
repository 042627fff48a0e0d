import { describe, expect, it } from 'vitest';
import { onSubnet, parseFlags, sameInterfaces, selectInterfaces, type NetworkSnapshot, type NicAddress, type NicFlags } from './discovery-interfaces';

const UP: NicFlags = { up: true, multicast: true, loopback: false };
const nic = (name: string, address: string, extra: Partial<NicAddress> = {}): NicAddress => ({
  name,
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  internal: false,
  ...extra,
});

function network(addresses: NicAddress[], flags: Record<string, NicFlags> = {}): NetworkSnapshot {
  return { addresses, flags: new Map(Object.entries(flags)) };
}

const LAPTOP = network(
  [
    nic('lo', '127.0.0.1', { internal: true, netmask: '255.0.0.0' }),
    nic('eth0', 'fe80::1', { family: 'IPv6' }),
    nic('eth0', '192.168.1.20'),
    nic('eth0', '192.168.1.21'),
    nic('wlan0', '10.0.0.5'),
    nic('docker0', '172.17.0.1'),
  ],
  { lo: { up: true, multicast: false, loopback: true }, eth0: UP, wlan0: UP, docker0: { up: false, multicast: true, loopback: false } },
);

describe('selectInterfaces', () => {
  it('takes every interface that is up, can multicast and has IPv4, one address each', () => {
    const choice = selectInterfaces(LAPTOP);
    expect(choice).toEqual({
      ok: true,
      interfaces: [
        { name: 'eth0', address: '192.168.1.20', netmask: '255.255.255.0' },
        { name: 'wlan0', address: '10.0.0.5', netmask: '255.255.255.0' },
      ],
    });
  });

  it('limits to the interfaces asked for, by name or address', () => {
    expect(selectInterfaces(LAPTOP, { wanted: ['wlan0'] })).toMatchObject({ ok: true, interfaces: [{ name: 'wlan0' }] });
    expect(selectInterfaces(LAPTOP, { wanted: ['192.168.1.20'] })).toMatchObject({ ok: true, interfaces: [{ name: 'eth0' }] });
    expect(selectInterfaces(LAPTOP, { wanted: [] })).toMatchObject({ ok: true, interfaces: [{ name: 'eth0' }, { name: 'wlan0' }] });
  });

  it('refuses interfaces asked for that cannot work', () => {
    expect(selectInterfaces(LAPTOP, { wanted: ['docker0'] })).toMatchObject({ ok: false, problem: 'interface-not-found' });
    expect(selectInterfaces(LAPTOP, { wanted: ['lo'] })).toMatchObject({ ok: false, problem: 'interface-not-found' });
    expect(selectInterfaces(LAPTOP, { wanted: ['eth9'] })).toMatchObject({ ok: false, problem: 'interface-not-found' });
  });

  it('follows where the signaling server listens', () => {
    expect(selectInterfaces(LAPTOP, { bind: '10.0.0.5' })).toMatchObject({ ok: true, interfaces: [{ name: 'wlan0' }] });
    expect(selectInterfaces(LAPTOP, { bind: '192.168.1.21' })).toMatchObject({ ok: true, interfaces: [{ name: 'eth0', address: '192.168.1.21' }] });
    expect(selectInterfaces(LAPTOP, { bind: '::' })).toMatchObject({ ok: true, interfaces: [{ name: 'eth0' }, { name: 'wlan0' }] });
    expect(selectInterfaces(LAPTOP, { bind: '10.9.9.9' })).toMatchObject({ ok: false, problem: 'interface-not-found' });
    expect(selectInterfaces(LAPTOP, { bind: '127.0.0.1' })).toMatchObject({ ok: false, problem: 'loopback-only' });
    expect(selectInterfaces(LAPTOP, { bind: 'localhost' })).toMatchObject({ ok: false, problem: 'loopback-only' });
  });

  it('says so when nothing can multicast (only loopback, interfaces down, or no multicast flag)', () => {
    expect(selectInterfaces(network([nic('lo', '127.0.0.1', { internal: true })]))).toMatchObject({ ok: false, problem: 'no-interface' });
    expect(selectInterfaces(network([nic('eth0', '10.1.1.1')], { eth0: { ...UP, up: false } }))).toMatchObject({ ok: false, problem: 'no-interface' });
    expect(selectInterfaces(network([nic('tun0', '10.8.0.2')], { tun0: { ...UP, multicast: false } }))).toMatchObject({ ok: false, problem: 'no-interface' });
    expect(selectInterfaces(network([]))).toMatchObject({ ok: false, problem: 'no-interface' });
  });

  it('takes an interface whose flags the OS does not tell (not Linux)', () => {
    expect(selectInterfaces(network([nic('en0', '192.168.1.9')]))).toMatchObject({ ok: true, interfaces: [{ name: 'en0' }] });
  });
});

describe('parseFlags', () => {
  it('reads /sys/class/net/<if>/flags', () => {
    expect(parseFlags('0x1003\n')).toEqual({ up: true, multicast: true, loopback: false });
    expect(parseFlags('0x9')).toEqual({ up: true, multicast: false, loopback: true });
    expect(parseFlags('0x1002')).toEqual({ up: false, multicast: true, loopback: false });
    expect(parseFlags('')).toBeNull();
    expect(parseFlags('zz')).toBeNull();
  });
});

describe('onSubnet and sameInterfaces', () => {
  it('matches addresses by the interface netmask', () => {
    const eth0 = { name: 'eth0', address: '10.250.0.1', netmask: '255.255.255.0' };
    expect(onSubnet('10.250.0.9', eth0)).toBe(true);
    expect(onSubnet('10.250.1.9', eth0)).toBe(false);
    expect(onSubnet('192.168.1.1', { ...eth0, address: '192.168.1.20', netmask: '255.255.0.0' })).toBe(true);
    expect(onSubnet('not an address', eth0)).toBe(false);
  });

  it('compares choices regardless of order', () => {
    const a = { name: 'a', address: '10.0.0.1', netmask: '255.0.0.0' };
    const b = { name: 'b', address: '10.0.0.2', netmask: '255.0.0.0' };
    expect(sameInterfaces([a, b], [b, a])).toBe(true);
    expect(sameInterfaces([a], [{ ...a, address: '10.0.0.3' }])).toBe(false);
  });
});
