/**
 * The shapes of mDNS packets as multicast-dns (through dns-packet) encodes and decodes them,
 * as far as discovery uses them. multicast-dns ships no types; multicast-dns.d.ts declares the
 * module as `unknown` and mdns-socket.ts asserts this shape once.
 */
export interface MdnsQuestion {
  readonly name: string;
  readonly type: string;
}

export interface MdnsRecord {
  readonly name: string;
  readonly type: string;
  /** Seconds; 0 says goodbye. */
  readonly ttl?: number;
  /** The cache-flush bit (RFC 6762 §10.2). */
  readonly flush?: boolean;
  /** PTR: a name; SRV: {port, target}; TXT: strings (decoded: Buffers); A: an address. */
  readonly data?: unknown;
}

export interface MdnsPacket {
  readonly type?: 'query' | 'response';
  readonly id?: number;
  readonly flags?: number;
  readonly questions?: readonly MdnsQuestion[];
  readonly answers?: readonly MdnsRecord[];
  readonly additionals?: readonly MdnsRecord[];
}

/** Where a packet came from. */
export interface MdnsSource {
  readonly address: string;
  readonly port: number;
}
