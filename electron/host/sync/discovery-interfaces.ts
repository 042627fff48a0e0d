/**
 * Which network interfaces LAN discovery runs on: pure selection (`selectInterfaces`) over what
 * the OS reports (`readNetwork`).
 *
 * An interface qualifies when it has an IPv4 address, is up, can multicast and is not loopback
 * (on Linux from /sys/class/net/<if>/flags; elsewhere every non-internal IPv4 interface is taken
 * as able). The user may limit discovery to some interfaces (names or addresses); a signaling
 * server bound to one address limits it to that address's interface, and one bound to loopback
 * makes discovery pointless (peers could not connect).
 *
 * Discovery opens one socket per chosen interface and sets it as the socket's multicast
 * interface (IP_MULTICAST_IF), so no route for 224.0.0.0/4 is needed: the default-route mode of
 * multicast-dns fails with ENETUNREACH on a host with neither (measured in a network namespace).
 */
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';

export interface NicAddress {
  readonly name: string;
  readonly address: string;
  readonly netmask: string;
  readonly family: string | number;
  readonly internal: boolean;
}

/** From the kernel's interface flags; null where the OS does not tell us. */
export interface NicFlags {
  readonly up: boolean;
  readonly multicast: boolean;
  readonly loopback: boolean;
}

export interface LanInterface {
  readonly name: string;
  readonly address: string;
  readonly netmask: string;
}

export interface NetworkSnapshot {
  readonly addresses: readonly NicAddress[];
  readonly flags: ReadonlyMap<string, NicFlags>;
}

export type InterfaceProblem = 'no-interface' | 'interface-not-found' | 'loopback-only';

export type InterfaceChoice =
  | { readonly ok: true; readonly interfaces: readonly LanInterface[] }
  | { readonly ok: false; readonly problem: InterfaceProblem; readonly message: string };

export interface SelectOptions {
  /** Interface names or IPv4 addresses to limit discovery to; all able ones when absent or empty. */
  readonly wanted?: readonly string[];
  /** Where the signaling server listens ('0.0.0.0' or '::': everywhere). */
  readonly bind?: string;
}

// Linux <net/if.h>
const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
const IFF_MULTICAST = 0x1000;

const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);

const isIPv4 = (family: string | number): boolean => family === 'IPv4' || family === 4;
const isLoopbackAddress = (address: string): boolean => address.startsWith('127.') || address === '::1' || address === 'localhost';

export function selectInterfaces(network: NetworkSnapshot, options: SelectOptions = {}): InterfaceChoice {
  const bind = options.bind ?? '0.0.0.0';
  if (isLoopbackAddress(bind)) {
    return { ok: false, problem: 'loopback-only', message: `the signaling server listens on ${bind} only, which other hosts cannot reach` };
  }
  const able = new Map<string, LanInterface>();
  for (const nic of network.addresses) {
    if (!isIPv4(nic.family) || nic.internal || isLoopbackAddress(nic.address)) continue;
    const flags = network.flags.get(nic.name);
    if (flags && (!flags.up || !flags.multicast || flags.loopback)) continue;
    if (!WILDCARD_BINDS.has(bind) && nic.address !== bind) continue;
    // One address per interface: a socket joins the multicast group once per interface.
    if (!able.has(nic.name)) able.set(nic.name, { name: nic.name, address: nic.address, netmask: nic.netmask });
  }
  const wanted = options.wanted ?? [];
  const chosen = wanted.length === 0 ? [...able.values()] : [...able.values()].filter((i) => wanted.includes(i.name) || wanted.includes(i.address));
  if (chosen.length > 0) return { ok: true, interfaces: chosen };
  if (wanted.length > 0) {
    return { ok: false, problem: 'interface-not-found', message: `none of ${wanted.join(', ')} is up with an IPv4 address and multicast` };
  }
  if (!WILDCARD_BINDS.has(bind)) {
    return { ok: false, problem: 'interface-not-found', message: `no interface able to multicast has the address ${bind}, where the signaling server listens` };
  }
  return { ok: false, problem: 'no-interface', message: 'no network interface is up with an IPv4 address and multicast' };
}

/** Decodes /sys/class/net/<if>/flags ("0x1003"). */
export function parseFlags(text: string): NicFlags | null {
  const value = Number.parseInt(text.trim(), 16);
  if (!Number.isFinite(value) || !/^\s*0x[0-9a-f]+\s*$/i.test(text)) return null;
  return { up: (value & IFF_UP) !== 0, multicast: (value & IFF_MULTICAST) !== 0, loopback: (value & IFF_LOOPBACK) !== 0 };
}

/** What the OS reports now. */
export async function readNetwork(): Promise<NetworkSnapshot> {
  const addresses: NicAddress[] = [];
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const nic of list ?? []) addresses.push({ name, address: nic.address, netmask: nic.netmask, family: nic.family, internal: nic.internal });
  }
  const flags = new Map<string, NicFlags>();
  if (process.platform === 'linux') {
    for (const name of new Set(addresses.map((a) => a.name))) {
      const text = await readFile(`/sys/class/net/${name}/flags`, 'utf8').catch(() => null); // an interface gone meanwhile
      const parsed = text === null ? null : parseFlags(text);
      if (parsed) flags.set(name, parsed);
    }
  }
  return { addresses, flags };
}

/** Whether two choices name the same interfaces with the same addresses. */
export function sameInterfaces(a: readonly LanInterface[], b: readonly LanInterface[]): boolean {
  const key = (list: readonly LanInterface[]) => list.map((i) => `${i.name}=${i.address}/${i.netmask}`).sort().join(',');
  return key(a) === key(b);
}

/** Whether `address` is on the interface's subnet. */
export function onSubnet(address: string, nic: LanInterface): boolean {
  const a = ipv4ToInt(address);
  const n = ipv4ToInt(nic.address);
  const m = ipv4ToInt(nic.netmask);
  return a !== null && n !== null && m !== null && (a & m) === (n & m);
}

function ipv4ToInt(address: string): number | null {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return parts.reduce((sum, p) => ((sum << 8) | p) >>> 0, 0) | 0;
}
