/**
 * The signaling addresses this host gives to others (in invites, and in the peers panel as "your
 * address"): where its signaling server can be reached from elsewhere.
 *
 * Bound to one address: that address. Bound to every interface (`0.0.0.0` / `::`): each
 * non-internal IPv4 address of the machine's interfaces, then loopback (for a second host on the
 * same machine — harmless elsewhere: the joiner then reaches its own server, which finds nobody).
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

const WILDCARDS = new Set(['0.0.0.0', '::']);

export type InterfaceTable = NodeJS.Dict<NetworkInterfaceInfo[]>;

const urlFor = (address: string, port: number): string => `ws://${address.includes(':') ? `[${address}]` : address}:${port}`;

export function advertisedSignalingUrls(bindAddress: string, port: number, interfaces: InterfaceTable = networkInterfaces()): string[] {
  if (!WILDCARDS.has(bindAddress)) return [urlFor(bindAddress, port)];
  const urls: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.internal || info.family !== 'IPv4') continue;
      const url = urlFor(info.address, port);
      if (!urls.includes(url)) urls.push(url);
    }
  }
  urls.push(urlFor(bindAddress === '::' ? '::1' : '127.0.0.1', port));
  return urls;
}
