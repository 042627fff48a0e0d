/**
 * The DNS-SD records of LAN discovery (RFC 6762/6763), pure: what a host announces about its
 * signaling server, and what it accepts from others.
 *
 *   PTR  _commonplace._tcp.local        → commonplace-<id>._commonplace._tcp.local
 *   SRV  commonplace-<id>._commonplace… → port <signaling port>, target cp-<id>.local
 *   TXT  commonplace-<id>._commonplace… → v=<DISCOVERY_VERSION>, id=<instance id>
 *   A    cp-<id>.local                  → the interface's address
 *
 * The TXT says nothing about workspaces (no id, no name: the room names are derived from the
 * workspace key, see shared/crypto/room-keys.ts) and nothing about the member: the instance id
 * is random per start, so the LAN cannot follow a member from network to network.
 *
 * @safety a sighting's address is the source address of the packet it came in, never its A
 * record: anyone on the LAN can send an announcement, and taking addresses from records would
 * let them point every host's signaling client at a third machine.
 */
import type { MdnsPacket, MdnsRecord } from './mdns-types';

export const SERVICE_TYPE = '_commonplace._tcp.local';
/** The DNS-SD meta-query (RFC 6763 §9): answered so that `avahi-browse -a` lists us. */
export const SERVICES_META_QUERY = '_services._dns-sd._udp.local';
/** Bumped when what the TXT or the signaling server speaks changes incompatibly. */
export const DISCOVERY_VERSION = '1';
/** RFC 6762 §10: 120 s for records naming a host (SRV, A); we use it for all ours. */
export const RECORD_TTL_S = 120;
/** The AA bit of the DNS header: set in every mDNS response (RFC 6762 §18.4). */
const AUTHORITATIVE_ANSWER = 1 << 10;
const INSTANCE_PREFIX = 'commonplace-';
const HOST_PREFIX = 'cp-';
/** Instance ids: lowercase hex, long enough to be unique on a LAN, short enough for a DNS label. */
const INSTANCE_ID = /^[0-9a-f]{16,48}$/;
const MAX_PORT = 65_535;

export const isInstanceId = (value: string): boolean => INSTANCE_ID.test(value);

export const instanceFqdn = (id: string): string => `${INSTANCE_PREFIX}${id}.${SERVICE_TYPE}`;
const hostName = (id: string): string => `${HOST_PREFIX}${id}.local`;

export interface Advertisement {
  readonly id: string;
  /** Our signaling server's port. */
  readonly port: number;
  /** The address of the interface the records go out on. */
  readonly address: string;
}

/** Our records; with `goodbye`, the same with TTL 0 (RFC 6762 §10.1), sent when we stop. */
export function announcement(ad: Advertisement, goodbye = false): MdnsPacket {
  const ttl = goodbye ? 0 : RECORD_TTL_S;
  const fqdn = instanceFqdn(ad.id);
  return {
    type: 'response',
    flags: AUTHORITATIVE_ANSWER,
    answers: [
      { name: SERVICE_TYPE, type: 'PTR', ttl, data: fqdn },
      { name: fqdn, type: 'SRV', ttl, flush: !goodbye, data: { port: ad.port, target: hostName(ad.id), priority: 0, weight: 0 } },
      { name: fqdn, type: 'TXT', ttl, flush: !goodbye, data: [`v=${DISCOVERY_VERSION}`, `id=${ad.id}`] },
    ],
    additionals: [
      { name: hostName(ad.id), type: 'A', ttl, flush: !goodbye, data: ad.address },
      ...(goodbye ? [] : [{ name: SERVICES_META_QUERY, type: 'PTR', ttl, data: SERVICE_TYPE }]),
    ],
  };
}

/** The query a browsing host sends (and repeats) to find the others. */
export function browseQuery(): MdnsPacket {
  return { type: 'query', questions: [{ name: SERVICE_TYPE, type: 'PTR' }] };
}

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Whether a query asks for something we should answer with our announcement. */
export function asksForUs(packet: MdnsPacket, ownId: string): boolean {
  const ours = instanceFqdn(ownId);
  return (packet.questions ?? []).some(
    (q) =>
      (sameName(q.name, SERVICE_TYPE) && (q.type === 'PTR' || q.type === 'ANY')) ||
      (sameName(q.name, SERVICES_META_QUERY) && (q.type === 'PTR' || q.type === 'ANY')) ||
      sameName(q.name, ours),
  );
}

export type TxtProblem = 'no-txt' | 'malformed' | 'foreign-version' | 'bad-id';

/**
 * Reads our TXT (dns-packet gives its strings as Buffers). Keys are case-insensitive and the
 * first occurrence wins (RFC 6763 §6.4); a string without '=' or a key we do not know is ignored.
 */
export function parseTxt(data: unknown): { version: string; id: string } | { problem: TxtProblem } {
  const strings = Array.isArray(data) ? data : data === undefined || data === null ? [] : [data];
  if (strings.length === 0) return { problem: 'no-txt' };
  const values = new Map<string, string>();
  for (const item of strings) {
    const text = typeof item === 'string' ? item : item instanceof Uint8Array ? Buffer.from(item).toString('utf8') : null;
    if (text === null) return { problem: 'malformed' };
    const eq = text.indexOf('=');
    if (eq <= 0) continue;
    const key = text.slice(0, eq).toLowerCase();
    if (!values.has(key)) values.set(key, text.slice(eq + 1));
  }
  const version = values.get('v');
  const id = values.get('id');
  if (version === undefined) return { problem: 'malformed' };
  if (version !== DISCOVERY_VERSION) return { problem: 'foreign-version' };
  if (id === undefined || !isInstanceId(id)) return { problem: 'bad-id' };
  return { version, id };
}

/** A host seen on the LAN: its signaling server's URL, built from the packet's source. */
export interface Sighting {
  readonly id: string;
  readonly url: string;
  /** How long the announcement holds, from its SRV record. */
  readonly ttlMs: number;
}

export type SightingProblem = TxtProblem | 'own' | 'no-srv' | 'bad-port' | 'bad-source' | 'id-mismatch';

export interface ReadResponse {
  readonly sightings: Sighting[];
  /** Instance ids that said goodbye (records with TTL 0). */
  readonly goodbyes: string[];
  /** Announcements of our type that we refused, and why (for the log and the tests). */
  readonly rejected: Array<{ readonly instance: string; readonly problem: SightingProblem }>;
}

/** Reads the announcements of our service type in an mDNS response sent from `source`. */
export function readResponse(packet: MdnsPacket, source: string, ownId: string): ReadResponse {
  const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
  const result: ReadResponse = { sightings: [], goodbyes: [], rejected: [] };
  /** Instance name → the TTL of the PTR naming it (0: a goodbye). */
  const instances = new Map<string, number>();
  for (const record of records) {
    if (record.type === 'PTR' && sameName(record.name, SERVICE_TYPE) && typeof record.data === 'string') {
      instances.set(record.data.toLowerCase(), record.ttl ?? RECORD_TTL_S);
    }
  }
  for (const [instance, ptrTtl] of instances) {
    const srv = records.find((r) => r.type === 'SRV' && sameName(r.name, instance));
    const txt = records.find((r) => r.type === 'TXT' && sameName(r.name, instance));
    const reject = (problem: SightingProblem) => result.rejected.push({ instance, problem });
    const nameId = idFromInstance(instance);
    if (ptrTtl === 0 || ttlOf(srv) === 0) {
      if (nameId && nameId !== ownId) result.goodbyes.push(nameId);
      continue;
    }
    const parsed = parseTxt(txt?.data);
    if ('problem' in parsed) {
      reject(parsed.problem);
      continue;
    }
    if (parsed.id === ownId) {
      reject('own');
      continue;
    }
    if (nameId !== parsed.id) {
      reject('id-mismatch');
      continue;
    }
    if (!srv) {
      reject('no-srv');
      continue;
    }
    const port = (srv.data as { port?: unknown } | null)?.port;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > MAX_PORT) {
      reject('bad-port');
      continue;
    }
    if (!isUnicastIPv4(source)) {
      reject('bad-source');
      continue;
    }
    result.sightings.push({ id: parsed.id, url: `ws://${source}:${port}`, ttlMs: (ttlOf(srv) ?? RECORD_TTL_S) * 1000 });
  }
  return result;
}

/** Whether our own announcement is in a packet (the echo that shows multicast works). */
export function carriesOwn(packet: MdnsPacket, ownId: string): boolean {
  const ours = instanceFqdn(ownId);
  return (packet.answers ?? []).some((r) => r.type === 'TXT' && sameName(r.name, ours) && (ttlOf(r) ?? 1) > 0);
}

function idFromInstance(instance: string): string | null {
  const suffix = `.${SERVICE_TYPE}`;
  if (!instance.startsWith(INSTANCE_PREFIX) || !instance.endsWith(suffix)) return null;
  const id = instance.slice(INSTANCE_PREFIX.length, -suffix.length);
  return isInstanceId(id) ? id : null;
}

const ttlOf = (record: MdnsRecord | undefined): number | undefined => record?.ttl;

/** A dotted IPv4 address a host can be reached at: not 0.x, multicast, broadcast or reserved. */
export function isUnicastIPv4(address: string): boolean {
  const parts = address.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return false;
  const first = Number(parts[0]);
  return first !== 0 && first < 224;
}
