import { describe, expect, it } from 'vitest';
import {
  announcement,
  asksForUs,
  browseQuery,
  carriesOwn,
  DISCOVERY_VERSION,
  instanceFqdn,
  isUnicastIPv4,
  parseTxt,
  readResponse,
  RECORD_TTL_S,
  SERVICE_TYPE,
} from './discovery-records';
import type { MdnsPacket, MdnsRecord } from './mdns-types';

const OWN = 'a'.repeat(32);
const PEER = 'b'.repeat(32);
const txt = (...strings: string[]) => strings.map((s) => Buffer.from(s));

/** A peer's announcement as dns-packet decodes it (TXT strings as Buffers). */
function decoded(packet: MdnsPacket): MdnsPacket {
  const convert = (r: MdnsRecord): MdnsRecord => (r.type === 'TXT' ? { ...r, data: (r.data as string[]).map((s) => Buffer.from(s)) } : r);
  return { ...packet, answers: packet.answers?.map(convert), additionals: packet.additionals?.map(convert) };
}

const peerAd = (overrides: Partial<{ id: string; port: number }> = {}) =>
  decoded(announcement({ id: overrides.id ?? PEER, port: overrides.port ?? 4444, address: '10.250.0.2' }));

function withTxt(packet: MdnsPacket, data: unknown): MdnsPacket {
  return { ...packet, answers: packet.answers?.map((r) => (r.type === 'TXT' ? { ...r, data } : r)) };
}

describe('parseTxt', () => {
  it('accepts our version and a hex id, with keys in any case, the first occurrence winning', () => {
    expect(parseTxt(txt(`v=${DISCOVERY_VERSION}`, `id=${PEER}`))).toEqual({ version: DISCOVERY_VERSION, id: PEER });
    expect(parseTxt(txt('V=1', `ID=${PEER}`, 'id=zz', 'junk', '=x'))).toEqual({ version: '1', id: PEER });
    expect(parseTxt([`v=1`, `id=${PEER}`])).toEqual({ version: '1', id: PEER });
  });

  it('rejects a missing or malformed TXT, a foreign version and a bad id', () => {
    expect(parseTxt(undefined)).toEqual({ problem: 'no-txt' });
    expect(parseTxt([])).toEqual({ problem: 'no-txt' });
    expect(parseTxt([42])).toEqual({ problem: 'malformed' });
    expect(parseTxt(txt(`id=${PEER}`))).toEqual({ problem: 'malformed' });
    expect(parseTxt(txt('v=2', `id=${PEER}`))).toEqual({ problem: 'foreign-version' });
    expect(parseTxt(txt('v=', `id=${PEER}`))).toEqual({ problem: 'foreign-version' });
    expect(parseTxt(txt('v=1'))).toEqual({ problem: 'bad-id' });
    expect(parseTxt(txt('v=1', 'id=XYZ'))).toEqual({ problem: 'bad-id' });
    expect(parseTxt(txt('v=1', `id=${'B'.repeat(32)}`))).toEqual({ problem: 'bad-id' });
    expect(parseTxt(txt('v=1', `id=${'b'.repeat(8)}`))).toEqual({ problem: 'bad-id' });
    expect(parseTxt(txt('v=1', `id=${'b'.repeat(64)}`))).toEqual({ problem: 'bad-id' });
  });
});

describe('announcement', () => {
  it('says nothing but the service, a version and the instance id', () => {
    const packet = announcement({ id: OWN, port: 4444, address: '10.250.0.1' });
    const text = JSON.stringify(packet);
    expect(text).toContain(OWN);
    expect(packet.answers?.find((r) => r.type === 'TXT')?.data).toEqual([`v=${DISCOVERY_VERSION}`, `id=${OWN}`]);
    expect(packet.answers?.find((r) => r.type === 'SRV')?.data).toMatchObject({ port: 4444 });
    expect(packet.answers?.every((r) => r.ttl === RECORD_TTL_S)).toBe(true);
    expect(text).not.toMatch(/workspace|page/i);
  });

  it('a goodbye carries the same records with TTL 0', () => {
    const packet = announcement({ id: OWN, port: 4444, address: '10.250.0.1' }, true);
    expect([...(packet.answers ?? []), ...(packet.additionals ?? [])].every((r) => r.ttl === 0)).toBe(true);
  });
});

describe('asksForUs', () => {
  it('answers a browse for our type, the meta-query and a query for our instance', () => {
    expect(asksForUs(browseQuery(), OWN)).toBe(true);
    expect(asksForUs({ type: 'query', questions: [{ name: '_services._dns-sd._udp.local', type: 'PTR' }] }, OWN)).toBe(true);
    expect(asksForUs({ type: 'query', questions: [{ name: instanceFqdn(OWN).toUpperCase(), type: 'SRV' }] }, OWN)).toBe(true);
    expect(asksForUs({ type: 'query', questions: [{ name: SERVICE_TYPE, type: 'ANY' }] }, OWN)).toBe(true);
  });

  it('ignores queries for other services and other instances', () => {
    expect(asksForUs({ type: 'query', questions: [{ name: '_http._tcp.local', type: 'PTR' }] }, OWN)).toBe(false);
    expect(asksForUs({ type: 'query', questions: [{ name: instanceFqdn(PEER), type: 'SRV' }] }, OWN)).toBe(false);
    expect(asksForUs({ type: 'query', questions: [{ name: SERVICE_TYPE, type: 'A' }] }, OWN)).toBe(false);
    expect(asksForUs({ type: 'query' }, OWN)).toBe(false);
  });
});

describe('readResponse', () => {
  it('reads a peer: its URL from the packet source and the SRV port, never from the A record', () => {
    const read = readResponse(peerAd(), '10.250.0.7', OWN);
    expect(read.sightings).toEqual([{ id: PEER, url: 'ws://10.250.0.7:4444', ttlMs: RECORD_TTL_S * 1000 }]);
    expect(read.rejected).toEqual([]);
  });

  it('ignores our own announcement (but recognises it as the echo)', () => {
    const own = decoded(announcement({ id: OWN, port: 4444, address: '10.250.0.1' }));
    expect(readResponse(own, '10.250.0.1', OWN)).toMatchObject({ sightings: [], rejected: [{ problem: 'own' }] });
    expect(carriesOwn(own, OWN)).toBe(true);
    expect(carriesOwn(peerAd(), OWN)).toBe(false);
    expect(carriesOwn(decoded(announcement({ id: OWN, port: 4444, address: '10.250.0.1' }, true)), OWN)).toBe(false);
  });

  it('rejects foreign versions, malformed TXT, a TXT id that is not the instance name, bad ports and sources', () => {
    const problem = (packet: MdnsPacket, source = '10.250.0.2') => readResponse(packet, source, OWN).rejected.map((r) => r.problem);
    expect(problem(withTxt(peerAd(), txt('v=9', `id=${PEER}`)))).toEqual(['foreign-version']);
    expect(problem(withTxt(peerAd(), undefined))).toEqual(['no-txt']);
    expect(problem(withTxt(peerAd(), txt('hello')))).toEqual(['malformed']);
    expect(problem(withTxt(peerAd(), txt('v=1', `id=${'c'.repeat(32)}`)))).toEqual(['id-mismatch']);
    expect(problem(peerAd({ port: 0 }))).toEqual(['bad-port']);
    expect(problem(peerAd({ port: 70_000 }))).toEqual(['bad-port']);
    const noSrv = { ...peerAd(), answers: peerAd().answers?.filter((r) => r.type !== 'SRV') };
    expect(problem(noSrv)).toEqual(['no-srv']);
    expect(problem(peerAd(), '224.0.0.251')).toEqual(['bad-source']);
    expect(problem(peerAd(), 'fe80::1')).toEqual(['bad-source']);
    expect(readResponse(withTxt(peerAd(), txt('v=9', `id=${PEER}`)), '10.250.0.2', OWN).sightings).toEqual([]);
  });

  it('ignores records of other services', () => {
    const other: MdnsPacket = {
      type: 'response',
      answers: [{ name: '_http._tcp.local', type: 'PTR', ttl: 120, data: 'printer._http._tcp.local' }],
    };
    expect(readResponse(other, '10.250.0.2', OWN)).toEqual({ sightings: [], goodbyes: [], rejected: [] });
  });

  it('reads goodbyes (TTL 0), but not our own', () => {
    const bye = decoded(announcement({ id: PEER, port: 4444, address: '10.250.0.2' }, true));
    expect(readResponse(bye, '10.250.0.2', OWN)).toEqual({ sightings: [], goodbyes: [PEER], rejected: [] });
    const ownBye = decoded(announcement({ id: OWN, port: 4444, address: '10.250.0.1' }, true));
    expect(readResponse(ownBye, '10.250.0.1', OWN).goodbyes).toEqual([]);
  });
});

describe('isUnicastIPv4', () => {
  it('accepts host addresses and rejects the rest', () => {
    for (const ok of ['10.250.0.1', '192.168.1.20', '127.0.0.1', '169.254.3.4']) expect(isUnicastIPv4(ok)).toBe(true);
    for (const bad of ['0.0.0.0', '224.0.0.251', '255.255.255.255', '10.0.0', '10.0.0.256', '::1', 'host', '1.2.3.4.5', '01.2.3.x']) {
      expect(isUnicastIPv4(bad)).toBe(false);
    }
  });
});
