/**
 * One mDNS socket on one interface, over multicast-dns: UDP 5353, joined to 224.0.0.251 on that
 * interface only, sending through it (IP_MULTICAST_IF, so no multicast route is needed) and
 * bound to 0.0.0.0 — on Linux a socket bound to the interface's own address receives no
 * multicast at all.
 *
 * @safety Linux delivers a group's packets to every socket bound to the port whatever interface
 * they came in on (IP_MULTICAST_ALL); discovery.ts filters them by source subnet.
 */
import multicastDns from 'multicast-dns';
import type { LanInterface } from './discovery-interfaces';
import type { MdnsPacket, MdnsSource } from './mdns-types';

export const MDNS_PORT = 5353;
export const MDNS_GROUP = '224.0.0.251';

/** What discovery needs of a socket (tests pass an in-memory one). */
export interface MdnsSocket {
  /** Multicasts a packet on the socket's interface. */
  send(packet: MdnsPacket): Promise<void>;
  close(): Promise<void>;
}

export interface MdnsSocketHandlers {
  readonly onPacket: (packet: MdnsPacket, from: MdnsSource) => void;
  /** A socket error (the socket is no good afterwards). */
  readonly onError: (error: Error) => void;
}

export type OpenMdnsSocket = (nic: LanInterface, handlers: MdnsSocketHandlers) => Promise<MdnsSocket>;

/** The part of multicast-dns's instance we use. */
interface MulticastDns {
  on(event: 'packet', listener: (packet: MdnsPacket, rinfo: MdnsSource) => void): void;
  on(event: 'error' | 'warning', listener: (error: Error) => void): void;
  once(event: 'ready', listener: () => void): void;
  once(event: 'error', listener: (error: Error) => void): void;
  removeAllListeners(): void;
  send(packet: MdnsPacket, callback: (error: Error | null) => void): void;
  destroy(callback: () => void): void;
}

const create = multicastDns as (options: Record<string, unknown>) => MulticastDns;

/** Opens the socket; rejects if it cannot bind (EADDRINUSE without reuse, EACCES). */
export const openMdnsSocket: OpenMdnsSocket = (nic, handlers) =>
  new Promise((resolve, reject) => {
    const mdns = create({ interface: nic.address, bind: '0.0.0.0', port: MDNS_PORT, ip: MDNS_GROUP, reuseAddr: true, loopback: true, ttl: 255 });
    let ready = false;
    mdns.once('error', (error) => {
      if (!ready) reject(error);
    });
    mdns.on('error', (error) => {
      if (ready) handlers.onError(error);
    });
    // multicast-dns reports failed group joins and undecodable packets as warnings: neither
    // stops the socket (a join is retried every 5 s).
    mdns.on('warning', () => undefined);
    mdns.on('packet', (packet, rinfo) => handlers.onPacket(packet, rinfo));
    mdns.once('ready', () => {
      ready = true;
      resolve({
        send: (packet) => new Promise((done, fail) => mdns.send(packet, (error) => (error ? fail(error) : done()))),
        close: () =>
          new Promise((done) => {
            mdns.removeAllListeners();
            mdns.on('error', () => undefined); // late socket errors while closing: nobody is listening any more
            mdns.destroy(done);
          }),
      });
    });
  });
