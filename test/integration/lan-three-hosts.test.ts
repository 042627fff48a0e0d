/**
 * Acceptance (issue 3): three hosts in separate processes with separate data directories, each in
 * a network namespace of its own on a private bridge, find each other by mDNS with no address
 * configured. Each runs the Host's own sync (HostSync: signaling server, mDNS discovery limited to
 * its eth0, invites). A creates a workspace of 20 pages and an invite; B joins with the short code,
 * looked up over the LAN from the hosts its discovery found (no address given), and C with the
 * link. Then each host makes 200
 * random edits across the 20 pages — text inserted and deleted inside paragraphs, paragraphs
 * appended, pages renamed and created — while links go down and up at random, B's sync is paused
 * for a while and C crashes (SIGKILL) and restarts. Three pages are open on every host (live page
 * rooms); the rest sync by catch-up. After healing, all three hold identical documents: the same
 * state vectors, the same normalised encoded state and the same rendered content, for the
 * workspace doc and every page; and they keep them after all three restart.
 *
 * SEED=<n> replays a run's random choices (the seed is printed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLan, type Lan } from './fixtures/lan-netns';
import { eventually, HostProcess, tempDir, type HostOptions, type Ready } from './fixtures/sync-harness';

const HOSTS = 3;
const PAGES = 20;
const EDITS_PER_HOST = 200;
const LIVE_PAGES = 3;
const CONVERGE_MS = 90_000;
const SEED = Number(process.env.SEED ?? Math.floor(Math.random() * 2 ** 31));
const names = ['A', 'B', 'C'];

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const letters = (n: number, tag: string) => `${tag}${Array.from({ length: n }, () => pick([...'abcdefghij klmnop'])).join('')}`;

interface DocPrint {
  sv: string;
  state: string;
  rendered: string;
  length: number;
  roots: Record<string, string>;
}
interface Print {
  workspace: DocPrint;
  pages: Record<string, DocPrint>;
}

/** One host: its process (replaced when it restarts) and how to start it again. */
class Peer {
  host!: HostProcess;
  ready!: Ready;
  /** Resolves when the host is up; replaced while it restarts. */
  up: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    readonly options: HostOptions,
  ) {}

  async start(extra: Partial<HostOptions> = {}): Promise<void> {
    const started = await HostProcess.start({ ...this.options, ...extra });
    this.host = started.host;
    this.ready = started.ready;
  }

  async request(cmd: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    await this.up;
    return this.host.request(cmd, args);
  }

  async print(): Promise<Print> {
    const { workspace, pages } = (await this.request('fingerprint')) as unknown as Print;
    return { workspace, pages };
  }
}

const cleanup: Array<() => Promise<unknown>> = [];
let lan: Lan;
const peers: Peer[] = [];

beforeAll(async () => {
  lan = await createLan(HOSTS);
  cleanup.push(() => lan.destroy());
  for (let k = 0; k < HOSTS; k++) {
    const dir = await tempDir(`cp-lan-${names[k]}-`);
    cleanup.push(() => dir.remove());
    const host = lan.hosts[k]!;
    peers.push(new Peer(names[k]!, { dataDir: dir.path, netns: host.ns, bind: '0.0.0.0', discovery: true, discoveryInterfaces: ['eth0'], hostSync: true }));
  }
  console.log(`seed ${SEED}; LAN ${lan.id}`);
}, 60_000);

afterAll(async () => {
  await Promise.all(peers.map((p) => p.host?.stop()));
  for (const fn of cleanup.reverse()) await fn().catch((error: unknown) => console.error(error));
}, 60_000);

const same = (prints: Print[]): boolean => prints.every((p) => JSON.stringify(p) === JSON.stringify(prints[0]));

/** Which docs differ, and how, for the failure message. */
function differences(prints: Print[]): string {
  const [first, ...rest] = prints;
  if (!first) return 'no prints';
  const lines: string[] = [];
  const ids = new Set(prints.flatMap((p) => Object.keys(p.pages)));
  rest.forEach((other, i) => {
    if (JSON.stringify(other.workspace) !== JSON.stringify(first.workspace)) lines.push(`workspace: A ${JSON.stringify(first.workspace)} ${names[i + 1]} ${JSON.stringify(other.workspace)}`);
    for (const id of ids) {
      if (JSON.stringify(other.pages[id]) !== JSON.stringify(first.pages[id])) lines.push(`page ${id}: A ${JSON.stringify(first.pages[id])} ${names[i + 1]} ${JSON.stringify(other.pages[id])}`);
    }
  });
  return lines.slice(0, 20).join('\n');
}

async function converged(what: string): Promise<{ ms: number; prints: Print[] }> {
  let prints: Print[] = [];
  const ms = await eventually(
    async () => same((prints = await Promise.all(peers.map((p) => p.print())))),
    CONVERGE_MS,
    async () => `${what}\n${differences(prints)}\n${peers.map((p) => `${p.name}: ${p.host.stderr.slice(-1500)}`).join('\n')}`,
  );
  return { ms, prints };
}

describe('three hosts on a LAN', () => {
  let basePages: string[] = [];
  let livePages: string[] = [];

  it('find each other by mDNS with no address configured, and share A’s workspace', async () => {
    const [a, b, c] = peers as [Peer, Peer, Peer];
    let t = Date.now();
    await a.start();
    for (let n = 1; n < PAGES; n++) await a.request('createPage', { title: `Page ${n}`, paragraphs: [`page ${n} begins`, `and goes on`] });
    basePages = Object.keys((await a.print()).pages);
    expect(basePages).toHaveLength(PAGES); // the welcome guide and 19 more
    const invite = (await a.request('createInvite')) as { link: string; code: string };
    expect(invite.code).toMatch(/\S/);
    expect(invite.link).toMatch(/^commonplace:\/\/join\//);
    // B types the short code: nothing else tells it where A is. C opens the link.
    await Promise.all([b.start({ joinInvite: invite.code, name: 'B' }), c.start({ joinInvite: invite.link, name: 'C' })]);
    for (const peer of [b, c]) expect(peer.ready.workspaceId).toBe(a.ready.workspaceId);
    console.log(`A with ${PAGES} pages and an invite; B joined by code, C by link: ${Date.now() - t} ms`);

    t = Date.now();
    for (const peer of peers) {
      const others = peers.filter((p) => p !== peer).map((p) => p.ready.hostId).sort();
      await eventually(async () => JSON.stringify(((await peer.request('status')).peers as string[]).sort()) === JSON.stringify(others), 30_000, async () =>
        JSON.stringify(await peer.request('discovery')),
      );
      // The others' signaling servers, found by mDNS. (A host can be connected before it has found
      // the others itself: they found it, and met it on its own server.)
      const found = async () => ((await peer.request('discovery')).signaling as string[]).filter((url) => url.startsWith('ws://10.250.0.')).length;
      await eventually(async () => (await found()) === HOSTS - 1, 15_000, async () => JSON.stringify(await peer.request('discovery')));
    }
    console.log(`every host connected to both others: ${Date.now() - t} ms`);
    const { ms } = await converged('initial sync');
    console.log(`initial sync converged: +${ms} ms`);
    // The invite carried the steward's grant: B and C claimed the role it gives.
    const roles = await Promise.all(peers.map(async (p) => (await p.request('roles')).myRole));
    expect(roles).toEqual(['steward', 'contributor', 'contributor']);

    livePages = basePages.slice(0, LIVE_PAGES);
    for (const peer of peers) for (const pageId of livePages) await peer.request('open', { pageId });
  });

  it('200 random edits each, with link flaps, a paused sync and a crash, converge to identical documents', async () => {
    const [, b, c] = peers as [Peer, Peer, Peer];
    const counts = { textEdit: 0, edit: 0, rename: 0, createPage: 0, flaps: 0 };
    let editing = true;
    const started = Date.now();

    async function editLoop(peer: Peer, index: number): Promise<void> {
      for (let n = 0; n < EDITS_PER_HOST; n++) {
        if (peer === c && n === EDITS_PER_HOST / 2) await crashAndRestart(c);
        if (peer === b && n === EDITS_PER_HOST / 4) await b.request('syncOff');
        if (peer === b && n === EDITS_PER_HOST / 4 + 30) await b.request('syncOn');
        const roll = random();
        const pageId = pick(basePages);
        const tag = `${names[index]!.toLowerCase()}${n}`;
        if (roll < 0.8) {
          const del = random() < 0.3;
          await peer.request('textEdit', { pageId, at: random(), within: random(), ...(del ? { delete: 1 + Math.floor(random() * 5) } : { insert: letters(1 + Math.floor(random() * 8), tag) }) });
          counts.textEdit++;
        } else if (roll < 0.87) {
          await peer.request('edit', { pageId, append: `paragraph ${tag}` });
          counts.edit++;
        } else if (roll < 0.95) {
          await peer.request('rename', { pageId, title: `Title ${tag}` });
          counts.rename++;
        } else {
          await peer.request('createPage', { title: `New ${tag}`, paragraphs: [`made by ${names[index]}`] });
          counts.createPage++;
        }
        await sleep(random() * 80);
      }
    }

    async function crashAndRestart(peer: Peer): Promise<void> {
      let release!: () => void;
      peer.up = new Promise((resolve) => (release = resolve));
      await peer.host.kill();
      const t = Date.now();
      await peer.start(); // its data dir holds the workspace now: no --join
      for (const pageId of livePages) await peer.host.request('open', { pageId });
      console.log(`${peer.name} crashed and restarted in ${Date.now() - t} ms`);
      release();
    }

    /** Every 0.3–1.5 s a host loses its network for 0.5–5 s: its link down, or its cable out. */
    async function chaos(): Promise<void> {
      while (editing) {
        await sleep(300 + random() * 1_200);
        if (!editing) break;
        const k = Math.floor(random() * HOSTS);
        const cable = random() < 0.5;
        await (cable ? lan.unplug(k) : lan.linkDown(k));
        await sleep(500 + random() * 4_500);
        await (cable ? lan.plug(k) : lan.linkUp(k));
        counts.flaps++;
      }
    }

    const flapping = [chaos(), chaos()]; // two at once: sometimes two hosts are cut off together
    await Promise.all(peers.map((peer, index) => editLoop(peer, index)));
    editing = false;
    await Promise.all(flapping);
    const editMs = Date.now() - started;
    console.log(`edits done in ${editMs} ms: ${JSON.stringify(counts)}`);

    const { ms, prints } = await converged('after healing');
    const recreated = await Promise.all(peers.map(async (p) => Number((await p.request('status')).recreated)));
    console.log(`converged ${ms} ms after the last edit and the network healed; rooms recreated by the watchdogs: ${recreated.join(', ')} (C's since its restart)`);
    const [print] = prints;
    expect(Object.keys(print!.pages).length).toBe(PAGES + counts.createPage);
    for (const peer of peers) expect((await peer.request('status')).unhandled).toBe(0);
    expect(counts.textEdit).toBeGreaterThan(EDITS_PER_HOST * HOSTS * 0.6);
    expect(counts.flaps).toBeGreaterThan(3);
  });

  it('keep identical documents after all three restart', async () => {
    const before = await Promise.all(peers.map((p) => p.print()));
    expect(same(before)).toBe(true);
    await Promise.all(peers.map((p) => p.host.stop()));
    const t = Date.now();
    await Promise.all(peers.map((p) => p.start()));
    const after = await Promise.all(peers.map((p) => p.print()));
    console.log(`restarted in ${Date.now() - t} ms`);
    after.forEach((print, k) => {
      // Every page doc exactly as before, and the workspace's pages and meta.
      expect(JSON.stringify(print.pages), `${names[k]}'s pages after restart`).toBe(JSON.stringify(before[k]!.pages));
      for (const root of ['pages', 'meta']) expect(print.workspace.roots[root], `${names[k]}'s workspace ${root}`).toBe(before[k]!.workspace.roots[root]);
      const changed = Object.keys(print.workspace.roots).filter((root) => print.workspace.roots[root] !== before[k]!.workspace.roots[root]);
      if (changed.length > 0) console.warn(`${names[k]} wrote to the workspace doc on start: ${changed.join(', ')}`);
    });
    await converged('after the restart');
  });
});
