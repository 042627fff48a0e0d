/**
 * LanDiscovery: finds the signaling servers of other Commonplace hosts on the LAN over mDNS
 * (DNS-SD), and advertises ours, so hosts sync with no address configured and no internet.
 *
 * - Announces `_commonplace._tcp` (records in discovery-records.ts: a protocol version and a
 *   random instance id, nothing about workspaces or members) on every chosen interface, twice
 *   at start, whenever asked, and says goodbye when stopped.
 * - Browses: queries at start, then ever less often (1 s, 2 s, 4 s … `queryMaxIntervalMs`);
 *   every host answers, which keeps its entry alive. A host not heard from for its records' TTL
 *   (a crash, a laptop gone to sleep) is gone, as is one that says goodbye.
 * - Reports signaling URLs, not hosts: `onPeer(url)` when a URL is first announced,
 *   `onPeerGone(url)` when no host announces it any more. The URL is built from the packet's
 *   source address (see discovery-records.ts, @safety).
 * - Re-reads the interfaces every `networkCheckMs`: an address that changed or an interface that
 *   came up gets a socket and fresh announcements; one that went away loses its socket.
 * - Says when it cannot work (`state`, `onDidChangeState`), for the UI to offer "add a peer by
 *   address": no interface able to multicast, the signaling server bound to loopback, sockets
 *   that fail (ENETUNREACH…), or our own announcements never coming back to us (multicast
 *   loopback: a firewall or a driver that drops multicast). mDNS's classic silent failure, a host
 *   with no route for 224.0.0.0/4, cannot happen here: each socket sends through its interface
 *   (discovery-interfaces.ts).
 *
 * Wiring, in the Host (with a SyncService `sync` whose server listens on the LAN):
 *   discovery = await LanDiscovery.start({ port: sync.server.port, bind, interfaces,
 *     onPeer: (url) => sync.addPeerAddress(url), onPeerGone: (url) => sync.removePeerAddress(url) })
 *   UI state:  discovery?.state ?? DISCOVERY_OFF;  discovery.onDidChangeState(cb)
 *   close:     await discovery.stop()   — before sync.close()
 * Do not pass the member id as `instanceId`: the advertisement is readable by the whole LAN.
 */
import { randomBytes } from 'node:crypto';
import { CommonplaceError } from '../../../shared/errors';
import { createLogger } from '../../../shared/log';
import { DiscoveredHosts, MAX_DISCOVERED_HOSTS, type DiscoveredHost } from './discovery-hosts';
import { announcement, asksForUs, browseQuery, carriesOwn, isInstanceId, readResponse } from './discovery-records';
import { onSubnet, readNetwork, sameInterfaces, selectInterfaces, type InterfaceProblem, type LanInterface, type NetworkSnapshot } from './discovery-interfaces';
import { DISCOVERY_OFF, discoveryState, type DiscoveryProblem, type DiscoveryState } from './discovery-state';
import { openMdnsSocket, type MdnsSocket, type OpenMdnsSocket } from './mdns-socket';
import type { MdnsPacket, MdnsSource } from './mdns-types';

const log = createLogger('discovery');

export const DISCOVERY_TIMING = {
  /** The first interval between queries; each next one doubles (RFC 6762 §5.2). */
  queryFirstIntervalMs: 1_000,
  /** The longest interval between queries; under the records' TTL, so live hosts never expire. */
  queryMaxIntervalMs: 60_000,
  /** Announcements at start, this far apart (RFC 6762 §8.3: at least two, one second apart). */
  announceCount: 2,
  announceIntervalMs: 1_000,
  /** We answer at most once per this, per interface (RFC 6762 §6: a record at most once a second). */
  responseMinIntervalMs: 1_000,
  /** How often the interfaces are re-read. */
  networkCheckMs: 5_000,
  /** Our own announcement must come back to us within this, or multicast does not work here. */
  echoTimeoutMs: 3_000,
  /** How often timers are looked at. */
  tickMs: 250,
};

export type DiscoveryTiming = typeof DISCOVERY_TIMING;
export { DISCOVERY_OFF, MAX_DISCOVERED_HOSTS, type DiscoveredHost, type DiscoveryProblem, type DiscoveryState };

export interface DiscoveryOptions {
  /** Our signaling server's port. */
  readonly port: number;
  /** Where our signaling server listens: '0.0.0.0' (default) or one LAN address. */
  readonly bind?: string;
  /** Interface names or addresses to limit discovery to (all able ones by default). */
  readonly interfaces?: readonly string[];
  /** Recognises our own announcements; random per start by default. */
  readonly instanceId?: string;
  readonly onPeer: (url: string) => unknown;
  readonly onPeerGone: (url: string) => unknown;
  readonly timing?: Partial<DiscoveryTiming>;
  /** Tests: the network as the OS would report it, and in-memory sockets. */
  readonly readNetwork?: () => Promise<NetworkSnapshot>;
  readonly openSocket?: OpenMdnsSocket;
  readonly now?: () => number;
}

interface Slot {
  readonly nic: LanInterface;
  readonly socket: MdnsSocket;
  lastResponse: number;
  responsePending: boolean;
  announcementsLeft: number;
  nextAnnouncement: number;
  echoed: boolean;
  readonly echoDeadline: number;
  failure: string | null;
}

export class LanDiscovery {
  readonly instanceId: string;
  private readonly timing: DiscoveryTiming;
  private readonly slots = new Map<string, Slot>();
  private readonly hosts = new DiscoveredHosts((what, url) => this.notify(what, url));
  private readonly stateListeners = new Set<(state: DiscoveryState) => void>();
  private currentState: DiscoveryState = { status: 'starting' };
  private interfaces: readonly LanInterface[] = [];
  private interfaceProblem: { problem: InterfaceProblem; message: string } | null = null;
  private openFailure: string | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private queryInterval: number;
  private nextQuery = 0;
  private nextNetworkCheck = 0;
  private reconciling = false;
  private stopped = false;

  private constructor(private readonly options: DiscoveryOptions) {
    if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65_535) {
      throw new CommonplaceError('invalid-argument', `discovery needs the signaling server's port, not ${options.port}`);
    }
    this.instanceId = options.instanceId ?? randomBytes(16).toString('hex');
    if (!isInstanceId(this.instanceId)) throw new CommonplaceError('invalid-argument', 'an instance id is 16 to 48 lowercase hex digits');
    this.timing = { ...DISCOVERY_TIMING, ...options.timing };
    this.queryInterval = this.timing.queryFirstIntervalMs;
  }

  static async start(options: DiscoveryOptions): Promise<LanDiscovery> {
    const discovery = new LanDiscovery(options);
    await discovery.reconcile();
    discovery.timer = setInterval(() => discovery.tick(), discovery.timing.tickMs);
    discovery.timer.unref();
    return discovery;
  }

  get state(): DiscoveryState {
    return this.currentState;
  }

  onDidChangeState(listener: (state: DiscoveryState) => void): () => void {
    this.stateListeners.add(listener);
    return () => void this.stateListeners.delete(listener);
  }

  /** The hosts announcing themselves now. */
  discovered(): DiscoveredHost[] {
    return this.hosts.list();
  }

  /** Says goodbye on every interface and closes the sockets. Reports no hosts as gone. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.slots.keys()].map((name) => this.closeSlot(name)));
    this.stateListeners.clear();
  }

  // ---- interfaces and sockets ----

  private async reconcile(): Promise<void> {
    if (this.reconciling || this.stopped) return;
    this.reconciling = true;
    try {
      const network = await (this.options.readNetwork ?? readNetwork)();
      const choice = selectInterfaces(network, { wanted: this.options.interfaces, bind: this.options.bind });
      const wanted = choice.ok ? choice.interfaces : [];
      this.interfaceProblem = choice.ok ? null : { problem: choice.problem, message: choice.message };
      if (!sameInterfaces(wanted, this.interfaces)) log.debug(`interfaces: ${wanted.map((i) => `${i.name} ${i.address}`).join(', ') || 'none'}`);
      this.interfaces = wanted;
      for (const [name, slot] of [...this.slots]) {
        const now = wanted.find((i) => i.name === name);
        if (!now || now.address !== slot.nic.address || now.netmask !== slot.nic.netmask) await this.closeSlot(name);
      }
      let opened = false;
      for (const nic of wanted) {
        if (this.slots.has(nic.name) || this.stopped) continue;
        opened = (await this.openSlot(nic)) || opened;
      }
      if (opened) {
        // Someone new on the network (or us, on a new one): ask at once, then back off again.
        this.queryInterval = this.timing.queryFirstIntervalMs;
        this.nextQuery = this.now();
      }
    } catch (error) {
      log.error('could not read the network interfaces', error);
    } finally {
      this.reconciling = false;
      this.nextNetworkCheck = this.now() + this.timing.networkCheckMs;
      this.updateState();
    }
  }

  private async openSlot(nic: LanInterface): Promise<boolean> {
    try {
      const socket = await (this.options.openSocket ?? openMdnsSocket)(nic, {
        onPacket: (packet, from) => this.received(nic.name, packet, from),
        onError: (error) => this.socketFailed(nic.name, error),
      });
      if (this.stopped) {
        await socket.close();
        return false;
      }
      const now = this.now();
      this.slots.set(nic.name, {
        nic,
        socket,
        lastResponse: -Infinity,
        responsePending: false,
        announcementsLeft: this.timing.announceCount,
        nextAnnouncement: now,
        echoed: false,
        echoDeadline: now + this.timing.echoTimeoutMs,
        failure: null,
      });
      this.openFailure = null;
      this.sendDue(now);
      return true;
    } catch (error) {
      this.openFailure = `cannot open an mDNS socket on ${nic.name}: ${describe(error)}`;
      log.warn(this.openFailure);
      return false;
    }
  }

  private async closeSlot(name: string): Promise<void> {
    const slot = this.slots.get(name);
    if (!slot) return;
    this.slots.delete(name);
    await slot.socket.send(announcement(this.advertisement(slot.nic), true)).catch(() => undefined); // the interface may be gone already
    await slot.socket.close().catch((error: unknown) => log.debug(`closing the socket on ${name}`, error));
  }

  private socketFailed(name: string, error: Error): void {
    log.warn(`mDNS socket on ${name} failed: ${error.message}`);
    const slot = this.slots.get(name);
    if (slot) slot.failure = error.message;
    this.updateState();
  }

  // ---- sending ----

  private advertisement(nic: LanInterface) {
    return { id: this.instanceId, port: this.options.port, address: nic.address };
  }

  private send(slot: Slot, packet: MdnsPacket): void {
    slot.socket.send(packet).then(
      () => {
        if (slot.failure === null) return;
        slot.failure = null;
        this.updateState();
      },
      (error: unknown) => {
        if (slot.failure === null) log.warn(`mDNS send on ${slot.nic.name} failed: ${describe(error)}`);
        slot.failure = `sending on ${slot.nic.name} fails: ${describe(error)}`;
        this.updateState();
      },
    );
  }

  private respond(slot: Slot, now: number): void {
    slot.lastResponse = now;
    slot.responsePending = false;
    this.send(slot, announcement(this.advertisement(slot.nic)));
  }

  /** Announcements, pending answers and queries whose time has come. */
  private sendDue(now: number): void {
    for (const slot of this.slots.values()) {
      if (slot.announcementsLeft > 0 && now >= slot.nextAnnouncement) {
        slot.announcementsLeft--;
        slot.nextAnnouncement = now + this.timing.announceIntervalMs;
        this.respond(slot, now);
      } else if (slot.responsePending && now - slot.lastResponse >= this.timing.responseMinIntervalMs) {
        this.respond(slot, now);
      }
    }
    if (now >= this.nextQuery && this.slots.size > 0) {
      for (const slot of this.slots.values()) this.send(slot, browseQuery());
      this.nextQuery = now + this.queryInterval;
      this.queryInterval = Math.min(this.queryInterval * 2, this.timing.queryMaxIntervalMs);
    }
  }

  private tick(): void {
    if (this.stopped) return;
    const now = this.now();
    this.hosts.expire(now);
    this.sendDue(now);
    if (now >= this.nextNetworkCheck) void this.reconcile();
    else this.updateState();
  }

  // ---- receiving ----

  private received(name: string, packet: MdnsPacket, from: MdnsSource): void {
    const slot = this.slots.get(name);
    if (!slot || this.stopped) return;
    // Every socket receives every packet (IP_MULTICAST_ALL): the one whose subnet it came from
    // handles it, and a packet from outside the chosen interfaces is nobody's.
    const home = this.interfaces.find((nic) => nic.address === from.address) ?? this.interfaces.find((nic) => onSubnet(from.address, nic));
    if (home?.name !== name) return;
    try {
      if (packet.type === 'query') {
        if (!asksForUs(packet, this.instanceId)) return;
        const now = this.now();
        if (now - slot.lastResponse >= this.timing.responseMinIntervalMs) this.respond(slot, now);
        else slot.responsePending = true;
        return;
      }
      if (packet.type !== 'response') return;
      if (!slot.echoed && from.address === slot.nic.address && carriesOwn(packet, this.instanceId)) {
        slot.echoed = true; // our own announcement, back from this interface
        this.updateState();
      }
      const { sightings, goodbyes, rejected } = readResponse(packet, from.address, this.instanceId);
      for (const { instance, problem } of rejected) if (problem !== 'own') log.debug(`ignored ${instance} from ${from.address}: ${problem}`);
      for (const id of goodbyes) this.hosts.goodbye(id, from.address);
      for (const sighting of sightings) {
        if (!this.hosts.seen(sighting, this.now())) log.warn(`more than ${MAX_DISCOVERED_HOSTS} hosts announce themselves: ignoring ${sighting.url}`);
      }
    } catch (error) {
      log.warn(`a packet from ${from.address} could not be read`, error); // hostile input must not stop discovery
    }
  }

  private notify(what: 'found' | 'gone', url: string): void {
    log.debug(`${what}: ${url}`);
    const callback = what === 'found' ? this.options.onPeer : this.options.onPeerGone;
    try {
      Promise.resolve(callback(url)).catch((error: unknown) => log.error(`the discovery callback for ${url} failed`, error));
    } catch (error) {
      log.error(`the discovery callback for ${url} threw`, error);
    }
  }

  // ---- state ----

  private updateState(): void {
    if (this.stopped) return;
    const next = this.computeState();
    if (JSON.stringify(next) === JSON.stringify(this.currentState)) return;
    this.currentState = next;
    log.debug(`state: ${JSON.stringify(next)}`);
    for (const listener of this.stateListeners) {
      try {
        listener(next);
      } catch (error) {
        log.error('a discovery state listener threw', error);
      }
    }
  }

  private computeState(): DiscoveryState {
    return discoveryState({
      interfaceProblem: this.interfaceProblem,
      openFailure: this.openFailure,
      sockets: [...this.slots.values()],
      now: this.now(),
    });
  }


  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
