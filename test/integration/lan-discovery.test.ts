/**
 * LAN discovery for real: mDNS between processes in network namespaces this test creates (never
 * on the machine's own interfaces). Hosts find each other's signaling servers with no address
 * configured, see a goodbye, ride out a link going down and up, and say when they cannot work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLan, type Lan } from './fixtures/lan-netns';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const probeScript = fileURLToPath(new URL('./fixtures/lan-discovery-probe.ts', import.meta.url));
const WAIT_MS = 20_000;

type ProbeEvent = Record<string, unknown> & { event: string };

class Probe {
  readonly events: ProbeEvent[] = [];
  stderr = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcess) {
    let buffered = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          this.events.push(JSON.parse(line) as ProbeEvent);
        } catch {
          this.stderr += `(stdout) ${line}\n`;
        }
      }
      for (const waiter of [...this.waiters]) waiter();
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(ns: string, args: string[]): Probe {
    return new Probe(spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', probeScript, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  waitFor(match: (event: ProbeEvent) => boolean, what: string, timeoutMs = WAIT_MS): Promise<ProbeEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(match);
        if (!found) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms; events: ${JSON.stringify(this.events)}\n${this.stderr.slice(-1500)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  found(): string[] {
    return this.events.filter((e) => e.event === 'found').map((e) => String(e.url));
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin?.write('stop\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

const probes: Probe[] = [];
const lans: Lan[] = [];
function probe(lan: Lan, k: number, ...args: string[]): Probe {
  const p = Probe.start(lan.hosts[k]!.ns, args);
  probes.push(p);
  return p;
}

afterAll(async () => {
  await Promise.all(probes.map((p) => p.stop()));
  for (const lan of lans) await lan.destroy();
});

let lan: Lan;
beforeAll(async () => {
  lan = await createLan(3);
  lans.push(lan);
});

const state = (status: string, problem?: string) => (e: ProbeEvent) =>
  (e.event === 'state' || e.event === 'ready') && (e.state as { status?: string; problem?: string })?.status === status && (problem === undefined || (e.state as { problem?: string }).problem === problem);

describe('LAN discovery in network namespaces', () => {
  it('hosts find each other with no address configured; a host that stops is gone at once', async () => {
    const a = probe(lan, 0, '--port', '4100');
    const b = probe(lan, 1, '--port', '4200');
    const started = Date.now();
    await a.waitFor((e) => e.event === 'found' && e.url === 'ws://10.250.0.2:4200', 'A finding B');
    await b.waitFor((e) => e.event === 'found' && e.url === 'ws://10.250.0.1:4100', 'B finding A');
    console.log(`found each other in ${Date.now() - started} ms (process start included)`);
    await a.waitFor(state('running'), 'A running');
    expect(a.found()).toEqual(['ws://10.250.0.2:4200']); // never itself

    await b.stop();
    await a.waitFor((e) => e.event === 'gone' && e.url === 'ws://10.250.0.2:4200', 'A seeing B leave', 5_000);
    await a.stop();
  });

  it('rides out its link going down and up: says so, then finds a newcomer', async () => {
    const a = probe(lan, 0, '--port', '4101');
    await a.waitFor(state('running'), 'A running');
    await lan.linkDown(0);
    await a.waitFor(state('unavailable', 'no-interface'), 'A noticing its link is down', 15_000);
    await lan.linkUp(0);
    await a.waitFor((e) => e.event === 'state' && (e.state as { status: string }).status === 'running', 'A running again', 15_000);
    const c = probe(lan, 2, '--port', '4300');
    await a.waitFor((e) => e.event === 'found' && e.url === 'ws://10.250.0.3:4300', 'A finding C');
    await c.waitFor((e) => e.event === 'found' && e.url === 'ws://10.250.0.1:4101', 'C finding A');
    await Promise.all([a.stop(), c.stop()]);
  });

  it('works without a route for 224.0.0.0/4 (sockets send through their interface)', async () => {
    const bare = await createLan(2, { multicastRoute: false });
    lans.push(bare);
    expect(await bare.exec(0, 'ip', 'route')).not.toContain('224.0.0.0');
    const a = probe(bare, 0, '--port', '4102');
    const b = probe(bare, 1, '--port', '4202');
    await a.waitFor((e) => e.event === 'found' && e.url === 'ws://10.250.0.2:4202', 'A finding B without a multicast route');
    await b.waitFor((e) => e.event === 'found' && e.url === 'ws://10.250.0.1:4102', 'B finding A without a multicast route');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('says when it cannot work: only loopback, interfaces asked for that do not exist, a loopback-only server', async () => {
    const lonely = await createLan(1);
    lans.push(lonely);
    await lonely.linkDown(0); // the namespace keeps only lo
    const noInterface = probe(lonely, 0, '--port', '4103');
    const ready = await noInterface.waitFor((e) => e.event === 'ready', 'ready');
    expect(ready.state).toMatchObject({ status: 'unavailable', problem: 'no-interface' });

    const wrongName = probe(lan, 0, '--port', '4104', '--interface', 'wlan7');
    expect((await wrongName.waitFor((e) => e.event === 'ready', 'ready')).state).toMatchObject({ status: 'unavailable', problem: 'interface-not-found' });
    const loopback = probe(lan, 0, '--port', '4105', '--bind', '127.0.0.1');
    expect((await loopback.waitFor((e) => e.event === 'ready', 'ready')).state).toMatchObject({ status: 'unavailable', problem: 'loopback-only' });

    // Limited to eth0 by name, or bound to its address: works.
    const byName = probe(lan, 0, '--port', '4106', '--interface', 'eth0');
    const byBind = probe(lan, 1, '--port', '4206', '--bind', '10.250.0.2');
    await byName.waitFor((e) => e.event === 'found' && e.url === 'ws://10.250.0.2:4206', 'finding the host bound to its address');
    await byBind.waitFor((e) => e.event === 'found' && e.url === 'ws://10.250.0.1:4106', 'finding the host limited to eth0');
    await Promise.all([noInterface, wrongName, loopback, byName, byBind].map((p) => p.stop()));
  });
});
