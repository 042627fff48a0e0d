/**
 * LanDiscovery over an in-memory multicast bus (no real network: the real one is exercised only
 * inside network namespaces, by test/integration/lan-*.test.ts), with fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { announcement, browseQuery, RECORD_TTL_S } from './discovery-records';
import type { LanInterface, NetworkSnapshot } from './discovery-interfaces';
import { DISCOVERY_TIMING, LanDiscovery, MAX_DISCOVERED_HOSTS, type DiscoveryOptions } from './discovery';
import type { MdnsSocket, MdnsSocketHandlers, OpenMdnsSocket } from './mdns-socket';
import type { MdnsPacket, MdnsRecord } from './mdns-types';

const NETMASK = '255.255.255.0';

/** What dns-packet would hand the receiver: TXT strings come back as Buffers. */
function overTheWire(packet: MdnsPacket): MdnsPacket {
  const convert = (r: MdnsRecord): MdnsRecord =>
    r.type === 'TXT' && Array.isArray(r.data) ? { ...r, data: r.data.map((s) => Buffer.from(String(s))) } : { ...r };
  return { ...packet, answers: packet.answers?.map(convert), additionals: packet.additionals?.map(convert) };
}

interface FakeSocket {
  readonly nic: LanInterface;
  readonly handlers: MdnsSocketHandlers;
  sent: MdnsPacket[];
  closed: boolean;
  /** Crashed: whatever it sends goes nowhere. */
  dead: boolean;
}

/** Every socket receives every packet, as Linux does (IP_MULTICAST_ALL), from the sender's address. */
class Bus {
  readonly sockets = new Set<FakeSocket>();
  /** Drops packets (a network where multicast does not get through, even back to us). */
  mute = false;
  failSends: Error | null = null;

  opener(): OpenMdnsSocket {
    return async (nic, handlers) => {
      const fake: FakeSocket = { nic, handlers, sent: [], closed: false, dead: false };
      this.sockets.add(fake);
      const socket: MdnsSocket = {
        send: async (packet) => {
          if (fake.closed) throw new Error('closed');
          if (this.failSends) throw this.failSends;
          fake.sent.push(packet);
          if (!this.mute && !fake.dead) this.deliver(packet, nic.address);
        },
        close: async () => {
          fake.closed = true;
          this.sockets.delete(fake);
        },
      };
      return socket;
    };
  }

  deliver(packet: MdnsPacket, from: string): void {
    for (const socket of [...this.sockets]) {
      const copy = overTheWire(packet);
      queueMicrotask(() => socket.handlers.onPacket(copy, { address: from, port: 5353 }));
    }
  }

  /** A crash: the host's sockets vanish without a goodbye. */
  crash(address: string): void {
    for (const socket of this.sockets) {
      if (socket.nic.address !== address) continue;
      socket.dead = true;
      this.sockets.delete(socket);
    }
  }
}

function snapshot(...nics: Array<[string, string]>): NetworkSnapshot {
  return {
    addresses: nics.map(([name, address]) => ({ name, address, netmask: NETMASK, family: 'IPv4', internal: false })),
    flags: new Map(),
  };
}

interface TestHost {
  discovery: LanDiscovery;
  found: string[];
  gone: string[];
  /** The URLs it knows now. */
  known(): string[];
  setNetwork(network: NetworkSnapshot): void;
}

let bus: Bus;
const started: LanDiscovery[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  bus = new Bus();
});

afterEach(async () => {
  for (const d of started.splice(0)) await d.stop();
  vi.useRealTimers();
});

async function host(address: string, port: number, options: Partial<DiscoveryOptions> = {}): Promise<TestHost> {
  let network = snapshot(['eth0', address]);
  const found: string[] = [];
  const gone: string[] = [];
  const discovery = await LanDiscovery.start({
    port,
    onPeer: (url) => found.push(url),
    onPeerGone: (url) => gone.push(url),
    readNetwork: async () => network,
    openSocket: bus.opener(),
    now: () => Date.now(),
    ...options,
  });
  started.push(discovery);
  return {
    discovery,
    found,
    gone,
    known: () => discovery.discovered().map((h) => h.url).sort(),
    setNetwork: (next) => (network = next),
  };
}

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('LanDiscovery', () => {
  it('two hosts find each other, by the address their packets come from, and not themselves', async () => {
    const a = await host('10.250.0.1', 4001);
    const b = await host('10.250.0.2', 4002);
    await advance(1_500);
    expect(a.found).toEqual(['ws://10.250.0.2:4002']);
    expect(b.found).toEqual(['ws://10.250.0.1:4001']);
    expect(a.discovery.state).toEqual({ status: 'running', interfaces: [{ name: 'eth0', address: '10.250.0.1', netmask: NETMASK }] });
  });

  it('a host that stops says goodbye and is gone at once', async () => {
    const a = await host('10.250.0.1', 4001);
    const b = await host('10.250.0.2', 4002);
    await advance(1_500);
    await b.discovery.stop();
    await advance(10);
    expect(a.gone).toEqual(['ws://10.250.0.2:4002']);
    expect(a.known()).toEqual([]);
  });

  it('a host that crashed is gone after its records expire; a live one never is', async () => {
    const a = await host('10.250.0.1', 4001);
    const b = await host('10.250.0.2', 4002);
    await host('10.250.0.3', 4003);
    await advance(1_500);
    expect(a.known()).toEqual(['ws://10.250.0.2:4002', 'ws://10.250.0.3:4003']);
    bus.crash('10.250.0.3');
    await advance(RECORD_TTL_S * 1000 - 5_000);
    expect(a.gone).toEqual([]);
    await advance(10_000);
    expect(a.gone).toEqual(['ws://10.250.0.3:4003']);
    await advance(30 * 60_000); // re-queries keep B alive
    expect(a.known()).toEqual(['ws://10.250.0.2:4002']);
    expect(b.gone).toEqual(['ws://10.250.0.3:4003']);
  });

  it('queries ever less often, down to one a minute', async () => {
    await host('10.250.0.1', 4001);
    const socket = [...bus.sockets][0]!;
    const queries = () => socket.sent.filter((p) => p.type === 'query').length;
    await advance(10 * 60_000);
    // 0, 1, 3, 7, 15, 31, 63 s, then every 60 s: about 16 in ten minutes.
    expect(queries()).toBeGreaterThan(10);
    expect(queries()).toBeLessThan(20);
  });

  it('a URL announced by two instances (a restart on the same port) stays until both are gone', async () => {
    const a = await host('10.250.0.1', 4001);
    const b1 = await host('10.250.0.2', 4002);
    await advance(1_500);
    bus.crash('10.250.0.2');
    await b1.discovery.stop(); // its sockets are dead: no goodbye reaches anyone
    const b2 = await host('10.250.0.2', 4002);
    await advance(1_500);
    expect(a.found).toEqual(['ws://10.250.0.2:4002']);
    await advance(RECORD_TTL_S * 1000); // b1's entry expires, b2 still answers
    expect(a.gone).toEqual([]);
    expect(a.discovery.discovered().length).toBe(1);
    await b2.discovery.stop();
    await advance(10);
    expect(a.gone).toEqual(['ws://10.250.0.2:4002']);
  });

  it('follows an address change: new socket, new announcement, the old URL gone', async () => {
    const a = await host('10.250.0.1', 4001);
    const b = await host('10.250.0.2', 4002);
    await advance(1_500);
    b.setNetwork(snapshot(['eth0', '10.250.0.22']));
    await advance(DISCOVERY_TIMING.networkCheckMs + 1_000);
    expect(a.found).toEqual(['ws://10.250.0.2:4002', 'ws://10.250.0.22:4002']);
    expect(a.gone).toEqual(['ws://10.250.0.2:4002']);
    expect(b.discovery.state).toMatchObject({ status: 'running', interfaces: [{ address: '10.250.0.22' }] });
  });

  it('says when no interface can multicast, and starts when one comes up', async () => {
    const a = await host('10.250.0.1', 4001);
    let network = snapshot();
    const b = await host('10.250.0.2', 4002, { readNetwork: async () => network });
    expect(b.discovery.state).toMatchObject({ status: 'unavailable', problem: 'no-interface' });
    network = snapshot(['eth0', '10.250.0.2']);
    await advance(DISCOVERY_TIMING.networkCheckMs + 1_500);
    expect(b.discovery.state).toMatchObject({ status: 'running' });
    expect(b.found).toEqual(['ws://10.250.0.1:4001']);
    expect(a.found).toEqual(['ws://10.250.0.2:4002']);
  });

  it('says when the signaling server listens on loopback only', async () => {
    const a = await host('10.250.0.1', 4001, { bind: '127.0.0.1' });
    expect(a.discovery.state).toMatchObject({ status: 'unavailable', problem: 'loopback-only' });
    expect(bus.sockets.size).toBe(0);
  });

  it('limits itself to the interfaces asked for, and ignores packets from elsewhere', async () => {
    const two = { readNetwork: async () => snapshot(['eth0', '10.250.0.1'], ['wlan0', '192.168.7.1']) };
    const a = await host('unused', 4001, { ...two, interfaces: ['wlan0'] });
    expect([...bus.sockets].map((s) => s.nic.name)).toEqual(['wlan0']);
    const b = await host('10.250.0.2', 4002); // on eth0's subnet only
    const c = await host('192.168.7.3', 4003);
    await advance(1_500);
    // Every packet reaches every socket here; each host takes only those from its subnets.
    expect(a.found).toEqual(['ws://192.168.7.3:4003']);
    expect(b.found).toEqual([]); // A is not on eth0 for discovery, C is on another subnet
    expect(c.found).toEqual(['ws://192.168.7.1:4001']);
    const wanted = await host('unused', 4005, { ...two, interfaces: ['eth7'] });
    expect(wanted.discovery.state).toMatchObject({ status: 'unavailable', problem: 'interface-not-found' });
  });

  it('says when its own announcements never come back (multicast does not work)', async () => {
    bus.mute = true;
    const a = await host('10.250.0.1', 4001);
    expect(a.discovery.state).toEqual({ status: 'starting' });
    await advance(DISCOVERY_TIMING.echoTimeoutMs + 500);
    expect(a.discovery.state).toMatchObject({ status: 'unavailable', problem: 'no-echo' });
    const states: string[] = [];
    a.discovery.onDidChangeState((s) => states.push(s.status));
    bus.mute = false;
    await advance(60_000); // the next query is answered by ourselves too, and the echo comes back
    expect(states).toEqual(['running']);
  });

  it('says when sockets cannot open, or sending fails', async () => {
    const a = await host('10.250.0.1', 4001, {
      openSocket: async () => {
        throw Object.assign(new Error('bind EADDRINUSE 0.0.0.0:5353'), { code: 'EADDRINUSE' });
      },
    });
    expect(a.discovery.state).toMatchObject({ status: 'unavailable', problem: 'socket-error', message: expect.stringContaining('EADDRINUSE') });
    bus.failSends = Object.assign(new Error('send ENETUNREACH 224.0.0.251:5353'), { code: 'ENETUNREACH' });
    const b = await host('10.250.0.2', 4002);
    await advance(100);
    expect(b.discovery.state).toMatchObject({ status: 'unavailable', problem: 'socket-error', message: expect.stringContaining('ENETUNREACH') });
    bus.failSends = null;
    await advance(60_000);
    expect(b.discovery.state).toMatchObject({ status: 'running' });
  });

  it('answers a flood of queries at most once a second', async () => {
    await host('10.250.0.1', 4001);
    await advance(5_000);
    const socket = [...bus.sockets][0]!;
    const before = socket.sent.filter((p) => p.type === 'response').length;
    for (let i = 0; i < 100; i++) {
      bus.deliver(browseQuery(), '10.250.0.9');
      await advance(20);
    }
    const answers = socket.sent.filter((p) => p.type === 'response').length - before;
    expect(answers).toBeGreaterThanOrEqual(2);
    expect(answers).toBeLessThanOrEqual(3);
  });

  it('survives hostile packets and caps the hosts it takes', async () => {
    const a = await host('10.250.0.1', 4001);
    await advance(1_500);
    const junk: unknown[] = [
      {},
      { type: 'response', answers: null },
      { type: 'response', answers: [{ name: '_commonplace._tcp.local', type: 'PTR', data: 42 }] },
      { type: 'response', answers: [{ name: '_commonplace._tcp.local', type: 'PTR', data: 'x._commonplace._tcp.local' }, { name: 'x._commonplace._tcp.local', type: 'SRV', data: null }] },
      { type: 'query', questions: [{ name: null }] },
    ];
    for (const packet of junk) bus.deliver(packet as MdnsPacket, '10.250.0.66');
    await advance(10);
    for (let i = 0; i < MAX_DISCOVERED_HOSTS + 10; i++) {
      const id = i.toString(16).padStart(32, 'c');
      bus.deliver(announcement({ id, port: 5000 + i, address: '10.250.0.66' }), '10.250.0.66');
    }
    await advance(10);
    expect(a.discovery.discovered().length).toBe(MAX_DISCOVERED_HOSTS);
    expect(a.discovery.state).toMatchObject({ status: 'running' });
  });

  it('a goodbye counts only from the host itself', async () => {
    const a = await host('10.250.0.1', 4001);
    const b = await host('10.250.0.2', 4002);
    await advance(1_500);
    bus.deliver(announcement({ id: b.discovery.instanceId, port: 4002, address: '10.250.0.2' }, true), '10.250.0.66');
    await advance(10);
    expect(a.gone).toEqual([]);
  });

  it('keeps going when a callback throws or rejects', async () => {
    const a = await host('10.250.0.1', 4001, {
      onPeer: () => {
        throw new Error('boom');
      },
      onPeerGone: () => Promise.reject(new Error('boom')),
    });
    const b = await host('10.250.0.2', 4002);
    await advance(1_500);
    expect(a.discovery.discovered().length).toBe(1);
    await b.discovery.stop();
    await advance(10);
    expect(a.discovery.discovered().length).toBe(0);
  });

  it('refuses a port or instance id that cannot be advertised', async () => {
    await expect(host('10.250.0.1', 0)).rejects.toThrow(/port/);
    await expect(host('10.250.0.1', 4001, { instanceId: 'Not Hex' })).rejects.toThrow(/instance id/);
  });
});
