// multicast-dns ships no types. Its shape is described in mdns-types.ts and asserted once in
// mdns-socket.ts, so no other file depends on this untyped import.
declare module 'multicast-dns' {
  const multicastDns: unknown;
  export default multicastDns;
}
